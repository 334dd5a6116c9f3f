import { formatDateToken } from '../src/dateTokens';
import { mrkdwnToHtml, type RenderContext } from '../src/mrkdwn';
import { blocksToHtml, messageToHtml } from '../src/render';
import { encodeSlackEntities } from '../src/slackEntities';

const NOW = new Date('2026-11-26T12:00:00Z');
const ctx: RenderContext = {
  userName: (id) => ({ U1: 'Dana Admin', U2: '<b>Eve</b>' })[id] ?? id,
  channelName: (id) => (id === 'C1' ? 'ops' : id),
  timeZone: 'Europe/Berlin',
  now: NOW,
};
const md = (text: string) => mrkdwnToHtml(text, ctx);
/** A date token as apps write them: "Today at 9:00 AM" in each viewer's zone, a UTC fallback for old clients. */
const slackDate = (date: Date) => `<!date^${date.getTime() / 1000}^{date_short_pretty} at {time}|${date.toISOString()}>`;
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
const button = (actionId: string, text: string, value: string, more: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: actionId,
  text: plain(text),
  value,
  ...more,
});

describe('mrkdwn', () => {
  test.each([
    ['*bold*', '<b>bold</b>'],
    ['_italic_', '<i>italic</i>'],
    ['~strike~', '<s>strike</s>'],
    ['`code *not bold*`', '<code>code *not bold*</code>'],
    ['a*b*c stays', 'a*b*c stays'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['(_italic_), then', '(<i>italic</i>), then'],
    ['_italic_.', '<i>italic</i>.'],
    ['*bold*: yes', '<b>bold</b>: yes'],
    ['line one\nline two', 'line one<br>line two'],
    [':white_check_mark: done :unknown_code:', '✅ done :unknown_code:'],
    [':raising_hand: asks, :no_entry_sign: denied, :incoming_envelope: sent', '🙋 asks, 🚫 denied, 📨 sent'],
    [':constructor: is no emoji', ':constructor: is no emoji'],
    ['asks\n>I run *staging*\n>and more\nAsked', 'asks<blockquote>I run <b>staging</b><br>and more</blockquote>Asked'],
    ['asks\n&gt; escaped, as Slack sends it', 'asks<blockquote>escaped, as Slack sends it</blockquote>'],
    ['a &gt; b is no quote', 'a &gt; b is no quote'],
    ['&amp;gt; shown as typed', '&amp;gt; shown as typed'],
  ])('%j renders as %j', (input, html) => {
    expect(md(input)).toBe(html);
  });

  test('mentions use names, channels use names, special mentions show as @here', () => {
    expect(md('<@U1> in <#C1> and <#C9|named> <!here>')).toBe(
      '<span class="mention">@Dana Admin</span> in <span class="mention">#ops</span> and <span class="mention">#named</span> <span class="mention">@here</span>',
    );
  });

  test('links: http(s) and mailto become anchors, anything else stays text', () => {
    expect(md('<https://example.com/a?b=1&amp;c=2|the docs>')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    );
    expect(md('<javascript:alert(1)|click>')).toBe('click');
  });

  test("date tokens are shown in the viewer's zone with Today/Tomorrow", () => {
    const html = md(slackDate(new Date('2026-11-26T22:30:00Z')));
    expect(html).toBe('<time datetime="2026-11-26T22:30:00.000Z">Today at 11:30 PM</time>');
    expect(md(slackDate(new Date('2026-11-26T23:30:00Z')))).toContain('Tomorrow at 12:30 AM');
    expect(md(slackDate(new Date('2026-12-03T08:00:00Z')))).toContain('Dec 3, 2026 at 9:00 AM');
  });

  test('every date format Slack documents', () => {
    const seconds = Date.parse('2026-11-24T08:05:09Z') / 1000;
    const format = (f: string) => formatDateToken(seconds, f, { timeZone: 'UTC', now: NOW });
    expect(format('{date_num}')).toBe('11/24/2026');
    expect(format('{date}')).toBe('November 24, 2026');
    expect(format('{date_short}')).toBe('Nov 24, 2026');
    expect(format('{date_long}')).toBe('Tuesday, November 24, 2026');
    expect(format('{date_pretty} {time_secs}')).toBe('November 24, 2026 8:05:09 AM');
    expect(format('{date_long_pretty}')).toBe('Tuesday, November 24, 2026');
    expect(formatDateToken(Date.parse('2026-11-25T10:00:00Z') / 1000, '{date_short_pretty}', { timeZone: 'UTC', now: NOW })).toBe(
      'Yesterday',
    );
    expect(format('{unknown}')).toBe('{unknown}');
  });

  test('nothing in an address or a name can inject HTML', () => {
    const evil = '<img src=x onerror=alert(1)>"\'@example.com';
    const html = md(`*${encodeSlackEntities(evil)}* <@U2>`);
    expect(html).not.toMatch(/<img|<b>Eve/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;@example.com');
    expect(html).toContain('@&lt;b&gt;Eve&lt;/b&gt;');
  });
});

describe('blocks', () => {
  test('each block type the bot sends', () => {
    const html = blocksToHtml(
      [
        { type: 'header', text: plain('12 pending :tada:') },
        {
          type: 'section',
          block_id: 'row1',
          text: mrkdwn('*a@example.com*'),
          accessory: button('resend', 'Resend', 'v"1', { style: 'primary' }),
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*One*' },
            { type: 'plain_text', text: 'Two' },
          ],
        },
        { type: 'context', elements: [mrkdwn('as of now'), mrkdwn('_later_')] },
        { type: 'divider' },
        {
          type: 'actions',
          block_id: 'acts',
          elements: [
            button('all', 'Resend all', 'x', {
              style: 'danger',
              confirm: { title: plain('Sure?'), text: plain('All <b>'), confirm: plain('Yes'), deny: plain('Cancel') },
            }),
            button('next', 'Next', 'p2'),
          ],
        },
        { type: 'image' },
      ],
      ctx,
    );
    expect(html).toContain('<div class="bk-header">12 pending 🎉</div>');
    expect(html).toContain('<div class="bk-text"><b>a@example.com</b></div>');
    expect(html).toContain(
      'class="bk-button bk-primary" data-action-id="resend" data-block-id="row1" data-value="v&quot;1" data-text="Resend">Resend</button>',
    );
    expect(html).toContain('<div class="bk-fields"><div class="bk-field"><b>One</b></div><div class="bk-field">Two</div></div>');
    expect(html).toContain('<div class="bk-context"><span>as of now</span><span><i>later</i></span></div>');
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).toContain('class="bk-button bk-danger" data-action-id="all" data-block-id="acts"');
    expect(html).toContain(
      'data-confirm="{&quot;title&quot;:&quot;Sure?&quot;,&quot;text&quot;:&quot;All &lt;b&gt;&quot;,&quot;confirm&quot;:&quot;Yes&quot;,&quot;deny&quot;:&quot;Cancel&quot;,&quot;danger&quot;:false}"',
    );
    expect(html).toContain('<button type="button" class="bk-button" data-action-id="next"');
    expect(html).toContain('Unsupported block: image');
  });

  test('a block without block_id gets a positional one for the click payload', () => {
    expect(blocksToHtml([{ type: 'actions', elements: [button('a', 'A', '1')] }], ctx)).toContain('data-block-id="b0"');
  });

  test('a message without blocks shows its text', () => {
    expect(messageToHtml({ text: 'plain *text*', blocks: [] }, ctx)).toBe('<div class="bk-text">plain <b>text</b></div>');
  });
});
