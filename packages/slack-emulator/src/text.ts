/** A string from an untrusted JSON value: the string itself, or `fallback` for anything else. */
export const stringOr = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
