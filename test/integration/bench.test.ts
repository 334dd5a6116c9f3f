import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * `npm run bench -- --quick` once, so the benchmark never rots: it must build, run every row
 * against the real app and print the table. Timings are not asserted (a shared machine's
 * figures mean little); two full runs' tables are in the README.
 */
describe('npm run bench -- --quick', () => {
  it('prints one Markdown table with every row', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'bench', '--', '--quick'], {
      cwd: join(__dirname, '..', '..'),
      timeout: 150_000,
    });
    const rows = stdout.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| what'));
    const names = rows.map((row) => row.split('|')[1]!.trim());
    expect(names.filter((n) => n === 'ack of /invites, p50 / p99')).toHaveLength(9);
    expect(names.filter((n) => n === 'command → list delivered')).toHaveLength(3);
    expect(names).toEqual(
      expect.arrayContaining([
        'page turn (Next)',
        '20 people run /invites at once',
        'click Resend → row updated',
        'Resend all 30 expired',
        'group grant on acceptance (grant run)',
        'RSS of the bot process',
      ]),
    );
    // The store's rows: SQLite and Redis, each against the in-memory store of the same run.
    const storeRows = rows.filter((row) => /card decision|watcher run over 10,000/.test(row));
    expect(storeRows.map((row) => row.split('|')[2]!.trim())).toEqual([
      'SQLite vs the in-memory store',
      'SQLite vs the in-memory store',
      'Redis vs the in-memory store',
      'Redis vs the in-memory store',
    ]);
    for (const row of storeRows) expect(row).toMatch(/\| \d+\.\d+× \|/);
    // The grant row against its own Vultr requests, counted in the same run.
    expect(rows.find((row) => row.startsWith('| group grant'))).toMatch(/its \d+ Vultr requests in sequence .*\| \d+\.\d+× \|/);
    expect(rows).toHaveLength(22);
    // The bot ran with the flags npm start and the container give it.
    expect(stdout).toMatch(/on \d+ cores, Node v[\d.]+, --liftoff-only /);
  }, 180_000);
});
