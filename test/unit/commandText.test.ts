import { parseCommandText } from '../../src/commands/parse';
import { MAX_FILTER_LENGTH } from '../../src/views/actionPayloads';

describe('parseCommandText', () => {
  it.each([undefined, '', '   ', '\n\t'])('lists everything for %j', (text) => {
    expect(parseCommandText(text)).toEqual({ kind: 'list', filter: '' });
  });

  it.each(['help', 'HELP', ' Help ', '-h', '--help', '?', '\thelp\n'])('shows help for %j', (text) => {
    expect(parseCommandText(text)).toEqual({ kind: 'help' });
  });

  it.each(['help me', 'helpful', '??', 'h'])('treats %j as a filter, not help', (text) => {
    expect(parseCommandText(text)).toEqual({ kind: 'list', filter: text });
  });

  it('passes the filter through trimmed, keeping its case (filtering is case-insensitive later)', () => {
    expect(parseCommandText('  @Example.COM  ')).toEqual({ kind: 'list', filter: '@Example.COM' });
  });

  it('turns control characters into spaces', () => {
    expect(parseCommandText('bob\u0000@ex\u001fample\u007f.com')).toEqual({ kind: 'list', filter: 'bob @ex ample .com' });
    expect(parseCommandText('\u0007help\u0007')).toEqual({ kind: 'help' });
  });

  it('keeps mrkdwn-looking text as a plain filter (it is escaped when shown)', () => {
    expect(parseCommandText('&lt;!channel&gt;')).toEqual({ kind: 'list', filter: '<!channel>' });
  });

  it.each([
    ['a&amp;b', 'a&b'],
    ['&lt;b&gt;', '<b>'],
    ['a&amp;lt;b', 'a&lt;b'], // typed literally as "a&lt;b"
    ['&amp;amp;', '&amp;'],
  ])("reads Slack's HTML-escaped %j as the typed %j", (sent, typed) => {
    expect(parseCommandText(sent)).toEqual({ kind: 'list', filter: typed });
  });

  it('measures the filter as typed, not as escaped', () => {
    expect(parseCommandText('&amp;'.repeat(100))).toEqual({ kind: 'list', filter: '&'.repeat(100) });
  });

  it('accepts a filter of exactly the maximum length and refuses a longer one', () => {
    expect(MAX_FILTER_LENGTH).toBe(100);
    expect(parseCommandText('a'.repeat(100))).toEqual({ kind: 'list', filter: 'a'.repeat(100) });
    expect(parseCommandText('a'.repeat(101))).toEqual({ kind: 'too_long' });
    expect(parseCommandText(`   ${'a'.repeat(100)}   `)).toEqual({ kind: 'list', filter: 'a'.repeat(100) });
  });
});

describe('parseCommandText: new and request', () => {
  it('reads `new` with or without an address, and a mailto link as the address', () => {
    expect(parseCommandText('new')).toEqual({ kind: 'new', email: undefined });
    expect(parseCommandText('NEW  bob@example.com ')).toEqual({ kind: 'new', email: 'bob@example.com' });
    expect(parseCommandText('new <mailto:bob@example.com|bob@example.com>')).toEqual({ kind: 'new', email: 'bob@example.com' });
  });

  it('reads `request`, and leaves other words to the filter', () => {
    expect(parseCommandText('request')).toEqual({ kind: 'request' });
    expect(parseCommandText('newton')).toEqual({ kind: 'list', filter: 'newton' });
  });
});
