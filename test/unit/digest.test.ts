import { MAX_DIGEST_ROWS, selectDue } from '../../src/domain/digest';
import { decodeBulkValue } from '../../src/views/actionPayloads';
import { button } from '../../src/views/blocks';
import { renderDigest } from '../../src/views/digest';
import { days, fromNow, hours, invitation, NOW } from './fixtures';

const WITHIN = hours(48);

function many(prefix: string, count: number, firstOffsetMs: number, stepMs: number) {
  return Array.from({ length: count }, (_, i) =>
    invitation({
      id: `${prefix}-${String(i).padStart(4, '0')}`,
      emailInvited: `${prefix}${i}@example.com`,
      expiresAt: fromNow(firstOffsetMs + i * stepMs),
    }),
  );
}

describe('selectDue', () => {
  it('groups pending invitations into expired and expiring within the window, each soonest first', () => {
    const digest = selectDue(
      [
        invitation({ id: 'a', expiresAt: fromNow(hours(47)) }),
        invitation({ id: 'b', expiresAt: fromNow(-days(2)) }),
        invitation({ id: 'c', expiresAt: fromNow(hours(49)) }),
        invitation({ id: 'd', expiresAt: NOW }), // expires this instant: expired
        invitation({ id: 'e', expiresAt: fromNow(-hours(1)), isPending: false }),
        invitation({ id: 'f', expiresAt: null }),
        invitation({ id: 'g', expiresAt: fromNow(hours(1)) }),
      ],
      NOW,
      WITHIN,
    );
    expect(digest.expired.map((i) => i.id)).toEqual(['b', 'd']);
    expect(digest.expiringSoon.map((i) => i.id)).toEqual(['g', 'a']);
    expect(digest).toMatchObject({ withinMs: WITHIN, asOf: NOW });
  });
});

describe('renderDigest', () => {
  it.each([
    [hours(48), '2 days'],
    [days(31), '31 days'],
    [days(35), '35 days'],
    [days(400) + hours(1), '400 days 1 hour'],
  ])('names a window of %d ms as "%s", whatever its length', (withinMs, words) => {
    const message = renderDigest({ digest: selectDue([invitation({ expiresAt: fromNow(hours(1)) })], NOW, withinMs), now: NOW });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(`1 expiring within ${words} ·`);
    expect(text).toContain(`*Expiring within ${words} (1)*`);
  });

  it('stays within 50 blocks at its fullest: both groups overflowing, a notice with a button, Resend all', () => {
    const digest = selectDue([...many('x', 80, -days(3), 10 * 60_000), ...many('s', 80, hours(1), 10 * 60_000)], NOW, WITHIN);
    const retry = button({ actionId: 'digest_resend', text: 'Try again', value: '{}' });
    const message = renderDigest({ digest, now: NOW, notice: { text: 'outcome', accessory: retry } });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const rows = message.blocks.filter((b) => b.block_id?.startsWith('inv:'));
    expect(rows).toHaveLength(MAX_DIGEST_ROWS);
    expect(JSON.stringify(message.blocks)).toContain(`…and ${160 - MAX_DIGEST_ROWS} more`);
    const bulk = JSON.stringify(message.blocks).match(/"action_id":"digest_resend_all","text":\{"type":"plain_text","text":"([^"]+)"/);
    expect(bulk?.[1]).toBe('Resend 30 of 80 expired');
  });

  it('says all is fine when nothing is due, with no buttons', () => {
    const message = renderDigest({ digest: selectDue([invitation({ expiresAt: fromNow(days(3)) })], NOW, WITHIN), now: NOW });
    expect(message.text).toBe('All invitations are fine');
    expect(JSON.stringify(message.blocks)).not.toContain('"type":"button"');
  });

  it('offers Resend all only from two expired invitations up, carrying their ids and shown expirations', () => {
    const one = renderDigest({ digest: selectDue(many('x', 1, -hours(5), hours(1)), NOW, WITHIN), now: NOW });
    expect(JSON.stringify(one.blocks)).not.toContain('digest_resend_all');
    const two = renderDigest({ digest: selectDue(many('x', 2, -hours(5), hours(1)), NOW, WITHIN), now: NOW });
    const bulk = two.blocks
      .flatMap((b) => (b.type === 'actions' ? b.elements : []))
      .find((e) => 'action_id' in e && e.action_id === 'digest_resend_all') as { value: string } | undefined;
    expect(decodeBulkValue(bulk?.value)?.b.map(([id]) => id)).toEqual(['x-0000', 'x-0001']);
  });
});
