import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * `npm run bench -- --quick` once, so the benchmark never rots: it must build, run every row
 * against the real app and print the table. Timings are not asserted (a shared machine's
 * figures mean little); the full run's table is in docs/performance.md.
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
        'RSS of the bot process',
      ]),
    );
    expect(rows).toHaveLength(17);
    expect(stdout).toMatch(/on \d+ cores, Node v\d+/);
  }, 180_000);
});
