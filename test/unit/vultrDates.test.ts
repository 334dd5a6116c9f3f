import { isValid, parseISO } from 'date-fns';
import { parseVultrDate } from '../../src/vultr/invitation';

describe('parseVultrDate', () => {
  it('reads every form exactly as parseISO does, the fast native path included', () => {
    const forms = [
      '2026-04-04T09:30:00+00:00',
      '2026-04-04T09:30:00Z',
      ' 2026-04-04T09:30:00.123+05:30 ',
      '2026-04-04T09:30:00.1-07:00',
      '2026-02-28T24:00:00Z',
      '2028-02-29T10:00:00Z',
      '2026-12-31T23:59:59+14:00',
    ];
    for (const form of forms) expect(parseVultrDate(form)?.getTime()).toBe(parseISO(form.trim()).getTime());
  });

  it('calls impossible dates unknown, as parseISO does, where the engine would roll them over', () => {
    for (const form of [
      '2026-02-30T00:00:00Z',
      '2026-02-29T00:00:00+00:00',
      '2026-04-31T12:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-04-04T09:60:00Z',
    ]) {
      expect(isValid(parseISO(form))).toBe(false);
      expect(parseVultrDate(form)).toBeNull();
    }
  });

  it('leaves other ISO forms to parseISO', () => {
    expect(parseVultrDate('2026-04-04')?.getTime()).toBe(parseISO('2026-04-04').getTime());
    expect(parseVultrDate('')).toBeNull();
    expect(parseVultrDate(null)).toBeNull();
  });
});
