import { BLOCK_LIMITS, blockProblems, messageProblems, optionListProblems } from '../src/blockLimits';

const text = (n: number) => 'x'.repeat(n);
const mrkdwn = (t: string) => ({ type: 'mrkdwn', text: t });
const plain = (t: string) => ({ type: 'plain_text', text: t });
const button = (over: Record<string, unknown> = {}) => ({ type: 'button', action_id: 'a', text: plain('Go'), value: 'v', ...over });
const divider = { type: 'divider' };

describe('Block Kit limit checker', () => {
  test('valid blocks pass', () => {
    expect(
      blockProblems(
        [{ type: 'header', text: plain(text(150)) }, { type: 'section', text: mrkdwn(text(3000)), accessory: button() }, divider],
        'message',
      ),
    ).toEqual([]);
    expect(blockProblems(undefined, 'message')).toEqual([]);
  });

  test('50 blocks per message, 100 per Home tab or modal', () => {
    const blocks = (n: number) => Array.from({ length: n }, () => divider);
    expect(blockProblems(blocks(51), 'message')).toEqual(['no more than 50 items allowed [json-pointer:/blocks]']);
    expect(blockProblems(blocks(100), 'home')).toEqual([]);
    expect(blockProblems(blocks(101), 'modal')).toEqual(['no more than 100 items allowed [json-pointer:/blocks]']);
  });

  test.each([
    ['header text', { type: 'header', text: plain(text(151)) }, '/blocks/0/text/text'],
    ['section text', { type: 'section', text: mrkdwn(text(3001)) }, '/blocks/0/text/text'],
    ['section field', { type: 'section', fields: [mrkdwn(text(2001))] }, '/blocks/0/fields/0/text'],
    ['block_id', { type: 'divider', block_id: text(256) }, '/blocks/0/block_id'],
    ['button text', { type: 'actions', elements: [button({ text: plain(text(76)) })] }, '/blocks/0/elements/0/text/text'],
    ['button value', { type: 'section', text: mrkdwn('a'), accessory: button({ value: text(2001) }) }, '/blocks/0/accessory/value'],
    ['action_id', { type: 'actions', elements: [button({ action_id: text(256) })] }, '/blocks/0/elements/0/action_id'],
    [
      'confirm title',
      {
        type: 'actions',
        elements: [button({ confirm: { title: plain(text(101)), text: plain('t'), confirm: plain('y'), deny: plain('n') } })],
      },
      '/confirm/title/text',
    ],
    [
      'confirm text',
      {
        type: 'actions',
        elements: [button({ confirm: { title: plain('t'), text: plain(text(301)), confirm: plain('y'), deny: plain('n') } })],
      },
      '/confirm/text/text',
    ],
    [
      'confirm button',
      {
        type: 'actions',
        elements: [button({ confirm: { title: plain('t'), text: plain('t'), confirm: plain(text(31)), deny: plain('n') } })],
      },
      '/confirm/confirm/text',
    ],
    [
      'confirm deny',
      {
        type: 'actions',
        elements: [button({ confirm: { title: plain('t'), text: plain('t'), confirm: plain('y'), deny: plain(text(31)) } })],
      },
      '/confirm/deny/text',
    ],
  ])('%s too long is refused with where', (_what, block, pointer) => {
    const problems = blockProblems([block], 'message');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^must be less than \d+ characters/);
    expect(problems[0]).toContain(pointer);
  });

  test('block_ids are unique in a message', () => {
    expect(
      blockProblems(
        [
          { ...divider, block_id: 'x' },
          { ...divider, block_id: 'x' },
        ],
        'message',
      ),
    ).toEqual(['block_id must be unique: x [json-pointer:/blocks/1/block_id]']);
  });

  test('action_ids are unique within a block, not across blocks', () => {
    const twice = { type: 'actions', elements: [button(), button()] };
    expect(blockProblems([twice], 'message')).toEqual([
      'action_id must be unique within a block: a [json-pointer:/blocks/0/elements/1/action_id]',
    ]);
    expect(
      blockProblems(
        [
          { type: 'actions', elements: [button()] },
          { type: 'actions', elements: [button()] },
        ],
        'message',
      ),
    ).toEqual([]);
  });

  test('element counts, button styles, empty sections, unknown types', () => {
    expect(
      blockProblems([{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })) }], 'message')[0],
    ).toContain(`no more than ${BLOCK_LIMITS.actionsElements} items`);
    expect(blockProblems([{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('a')) }], 'message')[0]).toContain(
      'no more than 10 items',
    );
    expect(blockProblems([{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('a')) }], 'message')[0]).toContain(
      'no more than 10 items',
    );
    expect(blockProblems([{ type: 'actions', elements: [button({ style: 'green' })] }], 'message')).toEqual([
      'must be one of primary, danger [json-pointer:/blocks/0/elements/0/style]',
    ]);
    expect(blockProblems([{ type: 'section' }], 'message')).toEqual(['section needs text or fields [json-pointer:/blocks/0]']);
    expect(blockProblems([{ type: 'marquee' }], 'message')).toEqual(['unsupported block type marquee [json-pointer:/blocks/0/type]']);
    expect(blockProblems({}, 'message')).toEqual(['blocks must be an array [json-pointer:/blocks]']);
  });

  test('message text over 40,000 characters', () => {
    expect(messageProblems({ text: text(40_001) })).toEqual(['msg_too_long [json-pointer:/text]']);
  });

  describe('selects', () => {
    const option = (t: string, value = 'v') => ({ text: plain(t), value });
    const options = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`, `v${i}`));
    const selectInput = (element: Record<string, unknown>) => ({
      type: 'input',
      block_id: 'pick',
      label: plain('Pick'),
      element: { type: 'static_select', action_id: 'pick', ...element },
    });

    test('a static select of 100 options, in a modal input or a message, passes', () => {
      expect(blockProblems([selectInput({ options: options(100), placeholder: plain(text(150)) })], 'modal')).toEqual([]);
      const groups = [{ label: plain(text(75)), options: [option(text(75), text(150))] }];
      expect(
        blockProblems([{ type: 'actions', elements: [{ type: 'static_select', action_id: 'a', option_groups: groups }] }], 'message'),
      ).toEqual([]);
    });

    test.each([
      ['101 options', { options: options(101) }, 'no more than 100 items allowed [json-pointer:/blocks/0/element/options]'],
      [
        'option text',
        { options: [option(text(76))] },
        'must be less than 76 characters [json-pointer:/blocks/0/element/options/0/text/text]',
      ],
      [
        'option value',
        { options: [option('a', text(151))] },
        'must be less than 151 characters [json-pointer:/blocks/0/element/options/0/value]',
      ],
      [
        'group label',
        { option_groups: [{ label: plain(text(76)), options: [option('a')] }] },
        'must be less than 76 characters [json-pointer:/blocks/0/element/option_groups/0/label/text]',
      ],
      [
        '101 options in a group',
        { option_groups: [{ label: plain('g'), options: options(101) }] },
        'no more than 100 items allowed [json-pointer:/blocks/0/element/option_groups/0/options]',
      ],
      ['neither options nor groups', {}, 'must provide exactly one of options, option_groups [json-pointer:/blocks/0/element]'],
      [
        'placeholder',
        { options: [option('a')], placeholder: plain(text(151)) },
        'must be less than 151 characters [json-pointer:/blocks/0/element/placeholder/text]',
      ],
    ])('%s is refused with where', (_what, element, problem) => {
      expect(blockProblems([selectInput(element)], 'modal')).toEqual([problem]);
    });

    test('an app’s block_suggestion answer is held to the same limits', () => {
      expect(optionListProblems({ options: options(100) }, '')).toEqual([]);
      expect(optionListProblems({ options: [...options(100), option(text(76))] }, '')).toEqual([
        'no more than 100 items allowed [json-pointer:/options]',
        'must be less than 76 characters [json-pointer:/options/100/text/text]',
      ]);
    });
  });
});
