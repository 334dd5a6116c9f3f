import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { durationBetween, expiryPhrase, relativeTo, slackDate } from '../../src/views/dates';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string) => new Date(iso);

describe('dates: one rule — no calendar word, elapsed time rounded down', () => {
  it('never uses a calendar word ("Today", "Yesterday"): the token shows the date, the fallback is UTC', () => {
    const sent = at('2026-11-20T04:54:00Z');
    expect(slackDate(sent)).toBe(`<!date^${sent.getTime() / 1000}^{date_short} at {time}|2026-11-20 04:54 UTC>`);
    expect(slackDate(sent)).not.toMatch(/pretty/);
  });

  it('the reported case: 36 h ago is "1 day ago" (at least a day in every zone), never "2 days ago"', () => {
    const now = at('2026-11-21T16:54:00Z');
    expect(relativeTo(at('2026-11-20T04:54:00Z'), now)).toBe('1 day ago');
  });

  it.each([
    ['just before midnight UTC, seen just after', '2026-11-20T23:50:00Z', '2026-11-21T00:10:00Z', '20 minutes ago'],
    ['23 h 59 min', '2026-11-20T00:00:00Z', '2026-11-20T23:59:00Z', '23 hours ago'],
    ['exactly 24 h', '2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z', '1 day ago'],
    ['47 h 59 min (two calendar days back in many zones)', '2026-11-20T00:01:00Z', '2026-11-22T00:00:00Z', '1 day ago'],
    ['48 h', '2026-11-20T00:00:00Z', '2026-11-22T00:00:00Z', '2 days ago'],
    ['59 s', '2026-11-20T00:00:00Z', '2026-11-20T00:00:59Z', '59 seconds ago'],
    ['one minute', '2026-11-20T00:00:00Z', '2026-11-20T00:01:00Z', '1 minute ago'],
  ])('%s', (_label, date, now, text) => {
    expect(relativeTo(at(date), at(now))).toBe(text);
  });

  it('counts the future the same way: at least what is said remains', () => {
    const now = at('2026-11-20T12:00:00Z');
    expect(relativeTo(new Date(now.getTime() + 71 * HOUR), now)).toBe('in 2 days');
    expect(expiryPhrase(new Date(now.getTime() + 90 * MINUTE), now)).toBe('expires in 1 hour');
    expect(expiryPhrase(new Date(now.getTime() - 3 * 24 * HOUR), now)).toBe('expired 3 days ago');
    expect(durationBetween(now, new Date(now.getTime() + 25 * HOUR))).toBe('1 day');
  });

  it("says the same whatever the host's time zone (a DST change included)", () => {
    const transpiled = (file: string) =>
      transpileModule(readFileSync(join(__dirname, '..', '..', file), 'utf8'), {
        compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 },
      }).outputText;
    const script = `
      const load = (code, req) => { const module = { exports: {} }; new Function('exports', 'require', 'module', code)(module.exports, req, module); return module.exports; };
      const plural = load(${JSON.stringify(transpiled('src/util/plural.ts'))}, require);
      const dates = load(${JSON.stringify(transpiled('src/views/dates.ts'))}, (id) => (id === '../util/plural' ? plural : require(id)));
      // Across Europe's DST end (2026-10-25): 48 elapsed hours.
      const from = new Date('2026-10-24T12:00:00Z'), to = new Date('2026-10-26T12:00:00Z');
      process.stdout.write(JSON.stringify([dates.relativeTo(from, to), dates.slackDate(from)]));
    `;
    const under = (zone: string) =>
      execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, TZ: zone }, encoding: 'utf8' });
    const utc = under('UTC');
    expect(JSON.parse(utc)[0]).toBe('2 days ago');
    for (const zone of ['Europe/Berlin', 'Pacific/Kiritimati', 'America/Los_Angeles']) expect(under(zone)).toBe(utc);
  });
});
