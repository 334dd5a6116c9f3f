import {
  decodeBulkValue,
  decodePageValue,
  decodeResendValue,
  encodeBulkValue,
  encodePageValue,
  encodeResendValue,
  MAX_BULK,
  MAX_FILTER_LENGTH,
  toUnixSeconds,
  type BulkValue,
  type ResendValue,
} from '../../src/views/actionPayloads';

const resend: ResendValue = { i: '7c1e2b9a-4d3f-4a51-9e0b-2f6d8a1c3e55', e: 1775295000, q: 'example.com', p: 2 };

describe('resend button value', () => {
  it('round-trips', () => {
    expect(decodeResendValue(encodeResendValue(resend))).toEqual(resend);
  });

  it('round-trips an unknown expiry, an empty filter and page 0', () => {
    const value: ResendValue = { i: 'abc', e: null, q: '', p: 0 };
    expect(decodeResendValue(encodeResendValue(value))).toEqual(value);
  });

  it('round-trips a filter with quotes, backslashes, mrkdwn and non-ASCII text', () => {
    const value: ResendValue = { ...resend, q: 'a"b\\c<!channel>&“ü”😀' };
    expect(decodeResendValue(encodeResendValue(value))).toEqual(value);
  });

  it('stays small: a worst-case value is far below the 2000-character button limit', () => {
    const worst = encodeResendValue({ i: 'a'.repeat(64), e: -1e15, q: '"'.repeat(MAX_FILTER_LENGTH), p: 10_000 });
    expect(worst.length).toBeLessThan(1000);
    expect(decodeResendValue(worst)).not.toBeNull();
  });

  it.each<[string, unknown]>([
    ['malformed JSON', '{"i":"abc",'],
    ['empty string', ''],
    ['JSON null', 'null'],
    ['a JSON array', '["abc",1,"",0]'],
    ['a JSON string', '"abc"'],
    ['the id missing', JSON.stringify({ e: 1, q: '', p: 0 })],
    ['the expiry missing', JSON.stringify({ i: 'abc', q: '', p: 0 })],
    ['an id with a slash', JSON.stringify({ ...resend, i: 'abc/def' })],
    ['an id with a path traversal', JSON.stringify({ ...resend, i: '../x' })],
    ['an empty id', JSON.stringify({ ...resend, i: '' })],
    ['an id of 65 characters', JSON.stringify({ ...resend, i: 'a'.repeat(65) })],
    ['a numeric id', JSON.stringify({ ...resend, i: 123 })],
    ['a string expiry', JSON.stringify({ ...resend, e: '1775295000' })],
    ['a fractional expiry', JSON.stringify({ ...resend, e: 1.5 })],
    ['a string page', JSON.stringify({ ...resend, p: '1' })],
    ['a negative page', JSON.stringify({ ...resend, p: -1 })],
    ['a fractional page', JSON.stringify({ ...resend, p: 0.5 })],
    ['a huge page', JSON.stringify({ ...resend, p: 10_001 })],
    ['a filter over the limit', JSON.stringify({ ...resend, q: 'x'.repeat(MAX_FILTER_LENGTH + 1) })],
    ['a numeric filter', JSON.stringify({ ...resend, q: 5 })],
    ['an extra key', JSON.stringify({ ...resend, admin: true })],
    ['a prototype key', '{"i":"abc","e":1,"q":"","p":0,"__proto__":{"x":1}}'],
    ['an oversize value (> 1000 characters)', JSON.stringify({ ...resend, pad: 'x'.repeat(1000) })],
    ['a number', 42],
    ['undefined', undefined],
    ['null', null],
    ['an object', { ...resend }],
    ['a Buffer', Buffer.from(JSON.stringify(resend))],
  ])('refuses %s with null, without throwing', (_label, raw) => {
    expect(() => decodeResendValue(raw)).not.toThrow();
    expect(decodeResendValue(raw)).toBeNull();
  });

  it('refuses a well-formed value that is longer than 1000 characters', () => {
    const padded = `${JSON.stringify(resend)}${' '.repeat(1001)}`;
    expect(JSON.parse(padded)).toEqual(resend);
    expect(decodeResendValue(padded)).toBeNull();
  });

  it('does not accept a page value as a resend value', () => {
    expect(decodeResendValue(encodePageValue({ q: '', p: 0 }))).toBeNull();
  });
});

describe('page button value', () => {
  it('round-trips', () => {
    expect(decodePageValue(encodePageValue({ q: 'bob', p: 3 }))).toEqual({ q: 'bob', p: 3 });
    expect(decodePageValue(encodePageValue({ q: '', p: 0 }))).toEqual({ q: '', p: 0 });
  });

  it.each<[string, unknown]>([
    ['malformed JSON', '{'],
    ['a resend value (extra keys)', encodeResendValue(resend)],
    ['a missing page', JSON.stringify({ q: '' })],
    ['a negative page', JSON.stringify({ q: '', p: -2 })],
    ['an overlong filter', JSON.stringify({ q: 'y'.repeat(MAX_FILTER_LENGTH + 1), p: 0 })],
    ['a non-string', 7],
    ['an oversize value', ' '.repeat(1001)],
  ])('refuses %s with null, without throwing', (_label, raw) => {
    expect(() => decodePageValue(raw)).not.toThrow();
    expect(decodePageValue(raw)).toBeNull();
  });
});

describe('bulk button value (Resend all)', () => {
  const uuid = (n: number) => `7c1e2b9a-4d3f-4a51-9e0b-${String(n).padStart(12, '0')}`;
  const entries = (count: number): BulkValue['b'] => Array.from({ length: count }, (_, i) => [uuid(i), 1775295000 + i]);
  const bulk: BulkValue = {
    b: [
      [uuid(1), 1775295000],
      ['abc', null],
    ],
    q: 'example.com',
    p: 1,
  };

  it('round-trips, unknown expiries included', () => {
    expect(decodeBulkValue(encodeBulkValue(bulk))).toEqual(bulk);
  });

  it(`round-trips ${MAX_BULK} entries, the most one button carries`, () => {
    expect(MAX_BULK).toBe(30);
    const value: BulkValue = { b: entries(MAX_BULK), q: '', p: 0 };
    expect(decodeBulkValue(encodeBulkValue(value))).toEqual(value);
  });

  it(`stays within Slack's 2000-character button limit with ${MAX_BULK} UUIDs and the longest filter`, () => {
    const worst = encodeBulkValue({ b: entries(MAX_BULK), q: '"'.repeat(MAX_FILTER_LENGTH), p: 10_000 });
    expect(worst.length).toBeLessThanOrEqual(2000);
    expect(decodeBulkValue(worst)).not.toBeNull();
  });

  it.each<[string, unknown]>([
    ['an empty list', JSON.stringify({ ...bulk, b: [] })],
    [`${MAX_BULK + 1} entries`, JSON.stringify({ ...bulk, b: entries(MAX_BULK + 1) })],
    ['the list missing', JSON.stringify({ q: '', p: 0 })],
    ['a list that is not an array', JSON.stringify({ ...bulk, b: { 0: ['abc', 1] } })],
    ['an entry that is a bare id', JSON.stringify({ ...bulk, b: ['abc'] })],
    ['an entry without its expiry', JSON.stringify({ ...bulk, b: [['abc']] })],
    ['an entry with an extra element', JSON.stringify({ ...bulk, b: [['abc', 1, 2]] })],
    ['an entry as an object', JSON.stringify({ ...bulk, b: [{ i: 'abc', e: 1 }] })],
    ['an id with a slash', JSON.stringify({ ...bulk, b: [['abc/def', 1]] })],
    ['an id with a path traversal', JSON.stringify({ ...bulk, b: [['../x', 1]] })],
    ['an empty id', JSON.stringify({ ...bulk, b: [['', 1]] })],
    ['an id of 65 characters', JSON.stringify({ ...bulk, b: [['a'.repeat(65), 1]] })],
    ['a numeric id', JSON.stringify({ ...bulk, b: [[123, 1]] })],
    ['a bad id among good ones', JSON.stringify({ ...bulk, b: [...entries(3), ['a b', 1]] })],
    ['a string expiry', JSON.stringify({ ...bulk, b: [['abc', '1775295000']] })],
    ['a fractional expiry', JSON.stringify({ ...bulk, b: [['abc', 1.5]] })],
    ['an extra key', JSON.stringify({ ...bulk, admin: true })],
    ['the single-resend keys as well', JSON.stringify({ ...bulk, i: 'abc', e: 1 })],
    ['a prototype key', '{"b":[["abc",1]],"q":"","p":0,"__proto__":{"x":1}}'],
    ['a negative page', JSON.stringify({ ...bulk, p: -1 })],
    ['a filter over the limit', JSON.stringify({ ...bulk, q: 'x'.repeat(MAX_FILTER_LENGTH + 1) })],
    ['malformed JSON', '{"b":[["abc",1]],'],
    ['an empty string', ''],
    ['a single resend value', encodeResendValue(resend)],
    ['a page value', encodePageValue({ q: '', p: 0 })],
    ['a number', 42],
    ['undefined', undefined],
    ['null', null],
    ['an object', { ...bulk }],
    ['a Buffer', Buffer.from(encodeBulkValue(bulk))],
  ])('refuses %s with null, without throwing', (_label, raw) => {
    expect(() => decodeBulkValue(raw)).not.toThrow();
    expect(decodeBulkValue(raw)).toBeNull();
  });

  it('refuses a well-formed value that is longer than 2000 characters', () => {
    const value = encodeBulkValue(bulk);
    expect(decodeBulkValue(`${value}${' '.repeat(2000 - value.length)}`)).toEqual(bulk);
    const padded = `${value}${' '.repeat(2001 - value.length)}`;
    expect(padded.length).toBe(2001);
    expect(JSON.parse(padded)).toEqual(bulk);
    expect(decodeBulkValue(padded)).toBeNull();
  });

  it('is not accepted where a single resend or page value is expected', () => {
    expect(decodeResendValue(encodeBulkValue(bulk))).toBeNull();
    expect(decodePageValue(encodeBulkValue(bulk))).toBeNull();
  });
});

describe('toUnixSeconds', () => {
  it('floors to whole seconds and keeps null', () => {
    expect(toUnixSeconds(new Date('2026-04-04T09:30:00.999Z'))).toBe(1775295000);
    expect(toUnixSeconds(new Date(0))).toBe(0);
    expect(toUnixSeconds(null)).toBeNull();
  });
});
