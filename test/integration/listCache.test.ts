import { runReminderOnce } from '../../src/jobs/digest/runOnce';
import { Logger } from '../../src/util/log';
import { decodeBulkValue, decodeResendValue } from '../../src/views/actionPayloads';
import { pendingInvitation } from '@vultr-invites/vultr-sandbox';
import { messageText, resendButtons, startHarness, type Harness } from '../support/harness';

const HOUR = 3600_000;

type Post = { body: { blocks?: Array<Record<string, unknown>>; text?: string } };

/** The value of a navigation or bulk button in a list message. */
function buttonValue(post: Post, actionId: string): string {
  let value: string | undefined;
  JSON.stringify(post.body.blocks, (_key, node: { action_id?: string; value?: string } | null) => {
    if (node?.action_id === actionId) value = node.value;
    return node;
  });
  if (value === undefined) throw new Error(`no ${actionId} button`);
  return value;
}

/** Walks of Vultr's list: each starts with a request without a cursor. */
const walks = (h: Harness) => h.vultr.requestsFor('list').filter((r) => !r.path.includes('cursor=')).length;

describe('the invitation list cache (INVITES_CACHE_TTL)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  function seed(harness: Harness, count: number, expiredEvery = 0): void {
    const now = Date.now();
    for (let n = 1; n <= count; n++) {
      const expired = expiredEvery > 0 && n % expiredEvery === 0;
      harness.vultr.add(pendingInvitation(n, new Date(now + (expired ? -n : n) * 60_000)));
    }
  }

  async function list(text = ''): Promise<Post> {
    const { responseId } = await h.command(text);
    const [post] = await h.slack.waitForPosts(responseId);
    return post!;
  }

  async function click(actionId: string, value: string, posts = 1): Promise<Post> {
    const { responseId } = await h.click(actionId, value);
    return (await h.slack.waitForPosts(responseId, posts))[posts - 1]!;
  }

  it('turns pages within the lifetime without asking Vultr; Refresh and every /invites walk the list again', async () => {
    h = await startHarness();
    seed(h, 520);
    const first = await list();
    expect(h.vultr.requestsFor('list')).toHaveLength(2);

    const second = await click('invites_page:next', buttonValue(first, 'invites_page:next'));
    expect(messageText(second.body)).toContain('Showing 16–30 of 520');
    const back = await click('invites_page:prev', buttonValue(second, 'invites_page:prev'));
    expect(messageText(back.body)).toContain('Showing 1–15 of 520');
    expect(h.vultr.requestsFor('list')).toHaveLength(2);

    h.vultr.add(pendingInvitation(521, new Date(Date.now() + HOUR)));
    const refreshed = await click('invites_page:refresh', buttonValue(back, 'invites_page:refresh'));
    expect(messageText(refreshed.body)).toContain('of 521');
    expect(walks(h)).toBe(2);
    await list();
    expect(walks(h)).toBe(3);
  });

  it('lets 20 concurrent /invites share one walk of the list', async () => {
    h = await startHarness();
    seed(h, 1200);
    h.vultr.latencyMs = 50;
    const posts = await Promise.all(Array.from({ length: 20 }, () => list()));
    expect(posts.every((p) => messageText(p.body).includes('1200 pending invitations'))).toBe(true);
    expect(walks(h)).toBe(1);
    expect(h.vultr.requestsFor('list')).toHaveLength(3);
  });

  it('never shows the expiration from before a resend, on the replaced list or on later page turns', async () => {
    h = await startHarness();
    seed(h, 40);
    const first = await list();
    const row = resendButtons(first.body)[0]!;
    const shown = decodeResendValue(row.value)!;
    const result = await click('invites_resend', row.value);
    const walksBefore = walks(h);

    const newExpiry = Math.floor(new Date(h.vultr.invitations.get(shown.i)!.expiration_date!).getTime() / 1000);
    expect(newExpiry).not.toBe(shown.e);
    const rowOf = (post: Post) =>
      resendButtons(post.body)
        .map((b) => decodeResendValue(b.value)!)
        .find((v) => v.i === shown.i);
    // Resent rows sort later: they expire in three days now. Walk the cached pages to find it.
    const expiriesShown: Array<number | null> = [];
    let page = result;
    for (let i = 0; i < 3; i++) {
      const found = rowOf(page);
      if (found) expiriesShown.push(found.e);
      if (!JSON.stringify(page.body.blocks).includes('invites_page:next')) break;
      page = await click('invites_page:next', buttonValue(page, 'invites_page:next'));
    }
    expect(expiriesShown).toEqual([newExpiry]);
    expect(messageText(result.body)).toContain('now expires');
    expect(walks(h)).toBe(walksBefore); // all from the cache, updated by the resend
  });

  it('with INVITES_CACHE_TTL=0 every page turn and every command walks the list, as without a cache', async () => {
    h = await startHarness({ env: { INVITES_CACHE_TTL: '0' } });
    seed(h, 520);
    h.vultr.latencyMs = 20;
    const first = await list();
    await click('invites_page:next', buttonValue(first, 'invites_page:next'));
    expect(walks(h)).toBe(2);
    await Promise.all([list(), list(), list()]);
    expect(walks(h)).toBe(5);
  });

  it('keeps /invites, Resend all and the digest within Slack limits at 10,000 invitations', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1' } });
    seed(h, 10_000, 4);
    const first = await list();
    expect(messageText(first.body)).toContain('10000 pending invitations');
    const bulkValue = buttonValue(first, 'invites_resend_all');
    expect(bulkValue.length).toBeLessThanOrEqual(2000);
    const batch = decodeBulkValue(bulkValue)!.b.length;
    expect(batch).toBeGreaterThan(1);
    expect(batch).toBeLessThan(100);

    const summary = await click('invites_resend_all', bulkValue, 2);
    expect(messageText(summary.body)).toContain(`${batch} resent`);
    expect(h.vultr.totalResends()).toBe(batch);

    await runReminderOnce(h.config, { logger: new Logger('error', [], () => undefined) });
    const digest = await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('attention')));
    expect((digest.args.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    expect(messageText(digest.args)).toMatch(/more/);
    expect(h.slack.refusals).toEqual([]);
  }, 60_000);
});
