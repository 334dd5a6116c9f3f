import { parseDuration, durationText } from '../../src/util/duration';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it.each([
    ['90m', 90 * MINUTE],
    ['48h', 48 * HOUR],
    ['2d', 2 * DAY],
    [' 31 D ', 31 * DAY],
    ['99999d', 99_999 * DAY],
  ])('reads %j', (raw, ms) => {
    expect(parseDuration(raw)).toBe(ms);
  });

  it.each(['', '48', '2w', '-3h', '1.5h', '100000d', 'h'])('refuses %j', (raw) => {
    expect(parseDuration(raw)).toBeUndefined();
  });
});

describe('durationText', () => {
  it.each([
    [90 * MINUTE, '1 hour 30 minutes'],
    [48 * HOUR, '2 days'],
    [DAY + HOUR + MINUTE, '1 day 1 hour 1 minute'],
    // Calendar-based formatting wraps here: 31 days became "" and 35 days "4 days" (a month and 4 days).
    [31 * DAY, '31 days'],
    [35 * DAY, '35 days'],
    [366 * DAY + 5 * MINUTE, '366 days 5 minutes'],
    [99_999 * DAY, '99999 days'],
    [59_999, '0 minutes'],
  ])('says %d ms as %j', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });

  it('says every whole number of days as that number, across month and year lengths', () => {
    for (let n = 1; n <= 800; n++) expect(durationText(parseDuration(`${n}d`) as number)).toBe(n === 1 ? '1 day' : `${n} days`);
  });
});
