import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript, useCompiledDist, type Running } from '../support/compiledDist';
import { useLoopbackFakes } from '../support/loopbackFakes';
import { SECRETS } from '../support/harness';

/**
 * The SQLite store as an operator meets it: `node dist/main.js` with INVITES_DATA_DIR, a data
 * directory it cannot use, and a damaged file.
 */
describe('the SQLite store of a real bot process', () => {
  const dist = useCompiledDist();
  const fakes = useLoopbackFakes();
  const dirs: string[] = [];
  const running: Running[] = [];
  afterEach(() => {
    for (const proc of running.splice(0)) proc.child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-process-'));
    dirs.push(dir);
    return dir;
  };
  const bot = (dataDir: string, env: Record<string, string> = {}) => {
    const proc = runScript(join(dist(), 'main.js'), {
      SLACK_BOT_TOKEN: SECRETS.botToken,
      SLACK_SIGNING_SECRET: SECRETS.signingSecret,
      SLACK_API_URL: fakes.slack.apiUrl,
      VULTR_API_KEY: SECRETS.vultrKey,
      VULTR_API_URL: fakes.vultr.url,
      PORT: '0',
      INVITES_DATA_DIR: dataDir,
      ...env,
    });
    running.push(proc);
    return proc;
  };

  it('exits 2 naming INVITES_DATA_DIR when the directory cannot be made or written', async () => {
    const blocker = join(scratch(), 'a-file');
    writeFileSync(blocker, 'not a directory');
    const proc = bot(join(blocker, 'data'));
    expect(await proc.exit).toBe(2);
    const message = proc.stderr.join('');
    expect(message).toMatch(/^INVITES_DATA_DIR \/.+\/a-file\/data cannot be written \(ENOTDIR\): give the bot a writable directory\n$/);
  });

  it('exits 2 on a damaged file, says what to do, and leaves the file as it was', async () => {
    const dir = scratch();
    const damaged = Buffer.from('this is not an SQLite database, and it must stay exactly like this'.repeat(100));
    writeFileSync(join(dir, 'invites.sqlite'), damaged);
    const proc = bot(dir);
    expect(await proc.exit).toBe(2);
    const message = proc.stderr.join('');
    expect(message).toContain('invites.sqlite cannot be opened (SQLITE_NOTADB');
    expect(message).toContain('move it aside and restart');
    expect(message).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'invites.sqlite')).equals(damaged)).toBe(true);
  });
});
