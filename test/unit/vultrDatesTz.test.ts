import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

/**
 * Vultr's dates are UTC even when they name no offset; the host's time zone must not shift them.
 * A time zone is fixed per process (Jest's workers do not pass a TZ set at runtime to Date), so
 * src/vultr/invitation.ts runs in a child Node process started under a zone far from UTC.
 */
const ROOT = join(__dirname, '..', '..');
const source = transpileModule(readFileSync(join(ROOT, 'src/vultr/invitation.ts'), 'utf8'), {
  compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 },
}).outputText;

/** Each date through toInvitation in a process whose TZ is `zone`; ISO strings back, or null. */
function expiriesUnder(zone: string, dates: string[]): Array<string | null> {
  const script = `
    const module = { exports: {} };
    new Function('exports', 'require', 'module', ${JSON.stringify(source)})(module.exports, require, module);
    const dates = ${JSON.stringify(dates)};
    const offset = new Date(2026, 3, 4, 9, 30).getTimezoneOffset();
    const read = dates.map((expiration_date) => {
      const inv = module.exports.toInvitation({ id: 'inv-1', email_invited: 'a@example.com', expiration_date, date_created: null,
        inviter_name: null, inviter_email: null, invite_status: null, status: null, status_full: null, date_responded: null });
      return inv.expiresAt ? inv.expiresAt.toISOString() : null;
    });
    process.stdout.write(JSON.stringify({ offset, read }));`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', TZ: zone } });
  const { offset, read } = JSON.parse(out.toString()) as { offset: number; read: Array<string | null> };
  expect(offset).not.toBe(0); // the child really ran away from UTC
  return read;
}

describe('Vultr dates under a non-UTC TZ', () => {
  const cases: Array<[string, string | null]> = [
    // No offset: UTC.
    ['2026-04-04 09:30:00', '2026-04-04T09:30:00.000Z'],
    ['2026-04-04T09:30:00', '2026-04-04T09:30:00.000Z'],
    ['2026-04-04T09:30:00.250', '2026-04-04T09:30:00.250Z'],
    ['2026-04-04T09:30', '2026-04-04T09:30:00.000Z'],
    ['2026-04-04', '2026-04-04T00:00:00.000Z'],
    // An offset is kept.
    ['2026-04-04T09:30:00+00:00', '2026-04-04T09:30:00.000Z'],
    ['2026-04-04T09:30:00Z', '2026-04-04T09:30:00.000Z'],
    ['2026-04-04T11:30:00+02:00', '2026-04-04T09:30:00.000Z'],
    ['2026-04-04 04:30:00-05:00', '2026-04-04T09:30:00.000Z'],
    // Nonsense is unknown.
    ['not a date', null],
    ['2026-13-45 99:99:99', null],
  ];

  it.each(['America/New_York', 'Asia/Kolkata'])('reads every form the same under %s as in UTC', (zone) => {
    expect(
      expiriesUnder(
        zone,
        cases.map(([raw]) => raw),
      ),
    ).toEqual(cases.map(([, utc]) => utc));
  });
});
