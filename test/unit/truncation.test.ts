import type { ItemResult } from '../../src/domain/batch';
import { header, LIMITS, section, sectionsOf } from '../../src/views/blocks';
import { expiryClause } from '../../src/views/dates';
import { escapeMrkdwn, oneLine, truncate, truncateMrkdwn, vultrText } from '../../src/views/mrkdwn';
import { renderResendNotification } from '../../src/views/notification';
import { resendNotice } from '../../src/views/resendNotice';
import { sliceWhole } from '../../src/util/wholeCharacters';
import { days, fromNow, invitation, NOW } from './fixtures';

/** A surrogate without its other half: what `slice` leaves when it cuts an emoji in half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What is wrong with a piece of our mrkdwn, judged without the code under test: every `<` and `>`
 * belongs to a whole `<…>` token (user text is escaped, so no other may exist), every `&` starts a
 * whole entity, every line closes its `*bold*`, and no character is cut in half.
 */
function brokenSyntax(mrkdwn: string): string[] {
  const problems: string[] = [];
  if (LONE_SURROGATE.test(mrkdwn)) problems.push('half a character');
  const outsideTokens = mrkdwn.replace(/<[^<>\n]*>/g, '');
  if (/[<>]/.test(outsideTokens)) problems.push('a cut <…> token');
  if (/&(?!(amp|lt|gt);)/.test(outsideTokens)) problems.push('a cut entity');
  for (const line of outsideTokens.split('\n')) if ((line.match(/\*/g) ?? []).length % 2 !== 0) problems.push(`an open *bold* in ${line}`);
  return problems;
}

const FAMILY = '👨‍👩‍👧‍👦'; // one character, 11 code units
const dateLine = (n: number) => `• *user${n}@example.com* ${expiryClause(fromNow(days(n % 9)), NOW, 'expires', 'expiration unknown')}`;

describe('truncate (plain text)', () => {
  it('cuts on whole characters: never half an emoji, never part of a joined sequence', () => {
    for (let max = 1; max <= 40; max++) {
      for (const text of ['😀'.repeat(30), `a${FAMILY.repeat(5)}`, `x${'🇩🇪'.repeat(12)}`]) {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut).toMatch(/…$/);
        expect(LONE_SURROGATE.test(cut)).toBe(false);
        expect(text.startsWith(cut.slice(0, -1))).toBe(true);
        expect(cut.slice(0, -1).replace(/^[ax]/, '').length % (text.includes(FAMILY) ? FAMILY.length : text.includes('🇩🇪') ? 4 : 2)).toBe(
          0,
        );
      }
    }
  });

  it('leaves text that fits alone and marks a cut within the limit', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(sliceWhole('ab😀', 3)).toBe('ab');
  });

  it('keeps header text whole-charactered', () => {
    const text = (header(`${'a'.repeat(LIMITS.headerText - 2)}😀😀`).text as { text: string }).text;
    expect(text).toHaveLength(LIMITS.headerText - 1);
    expect(LONE_SURROGATE.test(text)).toBe(false);
  });
});

describe('truncateMrkdwn', () => {
  const text = [
    '*Resend all, by <@U0ACTOR1>:* 3 resent, 2 failed.',
    ...Array.from({ length: 6 }, (_, n) => dateLine(n)),
    `:warning: Could not resend *${escapeMrkdwn('r&d<x>@example.com')}*: “${escapeMrkdwn('a & b')} ${'😀'.repeat(5)}” Nothing was sent.`,
  ].join('\n');

  it('at every length, stays within it and never cuts a token, an entity, a bold span or a character', () => {
    for (let max = 1; max <= text.length + 1; max++) {
      const cut = truncateMrkdwn(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect({ max, problems: brokenSyntax(cut) }).toEqual({ max, problems: [] });
    }
  });

  it('keeps whole lines and marks the cut on a line of its own', () => {
    const lines = text.split('\n');
    const cut = truncateMrkdwn(text, lines[0]!.length + 1 + lines[1]!.length + 5);
    expect(cut).toBe(`${lines[0]}\n${lines[1]}\n…`);
  });

  it('cuts a single overlong line between tokens, before a date it cannot hold whole', () => {
    const line = dateLine(1);
    const dateAt = line.indexOf('<!date');
    const cut = truncateMrkdwn(line, dateAt + 20);
    expect(cut).toBe(`${line.slice(0, dateAt).trimEnd()}…`);
  });
});

describe('callers cut mrkdwn on whole units', () => {
  it('a section over 3000 characters drops whole rows, whatever the rows line up to', () => {
    for (let pad = 0; pad < 80; pad += 7) {
      const mrkdwn = [`*${'x'.repeat(pad)}*`, ...Array.from({ length: 60 }, (_, n) => dateLine(n))].join('\n');
      const shown = (section(mrkdwn).text as { text: string }).text;
      expect(shown.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect(brokenSyntax(shown)).toEqual([]);
      expect(shown).toMatch(/\n…$/);
    }
  });

  it('sectionsOf cuts a single overlong line between tokens', () => {
    for (let pad = 0; pad < 80; pad += 7) {
      const line = `${'y'.repeat(pad)} ${Array.from({ length: 40 }, (_, n) => dateLine(n)).join(' ')}`;
      for (const block of sectionsOf([line])) expect(brokenSyntax((block.text as { text: string }).text)).toEqual([]);
    }
  });

  it('a Resend all summary cuts each long line before a date token, not inside it', () => {
    // E-mails long enough that "now expires <!date…>" straddles the 300-character cut of a listed line.
    const items: ItemResult[] = Array.from({ length: 8 }, (_, n) => {
      const inv = invitation({ id: `inv-${n}`, emailInvited: `${'u'.repeat(140 + n * 16)}@example.com`, expiresAt: fromNow(days(3)) });
      return {
        request: { invitationId: inv.id, shownExpiry: null },
        outcome: { kind: 'changed', invitation: inv },
        joined: false,
        startedBy: undefined,
      };
    });
    const notice = resendNotice({ context: { actorUserId: 'U0ACTOR1', source: 'slash command', notifyChannel: undefined }, items }, NOW);
    expect(notice.text.split('\n')).toHaveLength(9);
    expect(notice.text).toContain('<!date^');
    expect(brokenSyntax(notice.text)).toEqual([]);
  });

  it('the channel notification never sends half an emoji of a long address', () => {
    for (let pad = 0; pad < 4; pad++) {
      const message = renderResendNotification({
        actorUserId: 'U0ACTOR1',
        resent: [{ emailInvited: `${'a'.repeat(pad)}${'😀'.repeat(200)}@example.com`, expiresAt: null }],
        source: 'slash command',
        now: NOW,
      });
      // JSON.stringify would hide a lone surrogate as "\ud83d": look at the strings themselves.
      const texts: string[] = [];
      JSON.stringify(message, (_key, value: unknown) => (typeof value === 'string' && texts.push(value), value));
      expect(texts.some((text) => LONE_SURROGATE.test(text))).toBe(false);
      expect(texts.join('\n')).toContain('😀😀');
    }
  });
});

describe('vultrText: a Vultr string on one line, nothing invisible, escaped', () => {
  it('flattens every kind of line break to one space', () => {
    expect(vultrText('bob@example.com\nSPOOF :white_check_mark: *ceo* accepted', 200)).toBe(
      'bob@example.com SPOOF :white_check_mark: *ceo* accepted',
    );
    expect(oneLine('a\r\n\tb\u2028c\u2029d\u0085e\vf\fg')).toBe('a b c d e f g');
  });

  it('removes bidi overrides, isolates, zero-width characters and other controls', () => {
    expect(oneLine('Eve\u202Elive.com\u202C')).toBe('Evelive.com');
    expect(oneLine('\u2066a\u2069\u200Bb\u200C\u200D\u2060\uFEFFc\u0000\u0007\u001B[31m')).toBe('abc[31m');
  });

  it('escapes after flattening and cuts on whole characters', () => {
    expect(vultrText('<!channel>\n&', 200)).toBe('&lt;!channel&gt; &amp;');
    expect(vultrText('abcdef', 4)).toBe('abc…');
  });

  it('keeps accents and emoji (a zero-width-joined emoji falls apart into its pieces)', () => {
    expect(vultrText('Zoë 👩🏽‍💻 Müller', 200)).toBe('Zoë 👩🏽💻 Müller');
  });
});
