/**
 * INVITES_DATA_DIR or the store's file in it cannot be used: the message names the variable and
 * what to do. Its own module, so the entry points can tell it apart without loading SQLite.
 */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}
