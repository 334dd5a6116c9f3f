import type { WebClient } from '@slack/web-api';
import { BULK_CONCURRENCY, resendBatch, type ResendContext } from '../../src/domain/batch';
import { reload, type InvitationDirectory } from '../../src/domain/directory';
import { loadPendingPage, ROWS_PER_PAGE } from '../../src/domain/listing';
import { ResendSingleFlight, type InvitationSource, type ResendRequest } from '../../src/domain/resend';
import { notifyResent, summarize } from '../../src/actions/resend';
import { Logger } from '../../src/util/log';
import { VultrError, type VultrErrorKind } from '../../src/vultr/errors';
import type { Invitation, InvitationList } from '../../src/vultr/invitation';
import { days, fromNow, hours, invitation, noGroups, NOW, unixSeconds } from './fixtures';

const ACTOR = 'U0ACTOR1';
const CHANNEL = 'C0NOTIFY1';
/** Every resend moves the expiration to a week from NOW, like Vultr extending it. */
const RENEWED = fromNow(days(7));

const vultrError = (kind: VultrErrorKind, status?: number, operation = 'resend') =>
  new VultrError(kind, `fake ${kind}`, { ...(status !== undefined ? { status } : {}), operation });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

/**
 * A small stateful Vultr: invitations by id, a resend that extends the expiration, scripted
 * failures and gates per id. It counts the calls in flight at any moment, so a test can check
 * how many resends one click runs at once.
 */
class VultrSandbox implements InvitationSource, InvitationDirectory {
  readonly invitations = new Map<string, Invitation>();
  readonly resendFailures = new Map<string, Error>();
  readonly resendGates = new Map<string, Promise<void>>();
  readonly resendCalls: string[] = [];
  listFailure: Error | null = null;
  active = 0;
  maxActive = 0;

  constructor(
    invitations: readonly Invitation[],
    private readonly latencyMs: (id: string) => number = () => 1,
  ) {
    for (const inv of invitations) this.invitations.set(inv.id, inv);
  }

  async getInvitation(id: string): Promise<Invitation> {
    return this.inFlight(id, async () => {
      const inv = this.invitations.get(id);
      if (!inv) throw vultrError('not_found', 404, 'get');
      return inv;
    });
  }

  async resendInvitation(id: string): Promise<Invitation | null> {
    return this.inFlight(id, async () => {
      this.resendCalls.push(id);
      await this.resendGates.get(id);
      const failure = this.resendFailures.get(id);
      if (failure) throw failure;
      const inv = this.invitations.get(id);
      if (!inv) throw vultrError('not_found', 404);
      const renewed = { ...inv, expiresAt: RENEWED };
      this.invitations.set(id, renewed);
      return renewed;
    });
  }

  async listInvitations(): Promise<InvitationList> {
    if (this.listFailure) throw this.listFailure;
    return { invitations: [...this.invitations.values()], skipped: 0, complete: true };
  }

  private async inFlight<T>(id: string, work: () => Promise<T>): Promise<T> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs(id)));
      return await work();
    } finally {
      this.active--;
    }
  }
}

/** Invitations that expired 1..count hours ago, e-mails user0..user(count-1). */
const expiredInvitations = (count: number, prefix = 'inv-e'): Invitation[] =>
  Array.from({ length: count }, (_, i) =>
    invitation({ id: `${prefix}${i}`, emailInvited: `user${i}@example.com`, expiresAt: fromNow(-hours(count - i)) }),
  );

const asShown = (inv: Invitation): ResendRequest => ({
  invitationId: inv.id,
  shownExpiry: inv.expiresAt === null ? null : unixSeconds(inv.expiresAt),
});

function setup(invitations: readonly Invitation[], latencyMs?: (id: string) => number) {
  const vultr = new VultrSandbox(invitations, latencyMs);
  const resends = new ResendSingleFlight(vultr);
  const postMessage = jest.fn(async (_args: Posted) => ({ ok: true }));
  const slack = { chat: { postMessage } } as unknown as WebClient;
  const lines: string[] = [];
  const logger = new Logger(
    'debug',
    [],
    (line) => lines.push(line),
    () => NOW,
  );
  const deps: Deps = { directory: vultr, resends, slack, logger, now: () => NOW };
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { vultr, resends, postMessage, deps, logged };
}

/** What the fake WebClient's chat.postMessage receives (a loose view of ChatPostMessageArguments). */
interface Posted {
  channel: string;
  text?: string;
  blocks?: Array<{ type: string; text?: { text?: string } }>;
  unfurl_links?: boolean;
  thread_ts?: string;
}

const context: ResendContext = { actorUserId: ACTOR, source: 'slash command', notifyChannel: CHANNEL };

interface Deps {
  directory: VultrSandbox;
  resends: ResendSingleFlight;
  slack: WebClient;
  logger: Logger;
  now: () => Date;
}

/** The domain's batch and the team's notification, as the click path runs them (src/platform/actions/pipeline.ts). */
async function resendAndNotify(deps: Deps, ctx: ResendContext, requests: readonly ResendRequest[]) {
  const result = await resendBatch(deps.resends, ctx, requests);
  const notification = await notifyResent(deps.slack, deps.logger, result, deps.now());
  if (result.interruptedBy !== undefined) throw result.interruptedBy;
  return { ...result, notification };
}

/** A click in the `/invites` list: resend, reload the page it came from, then tell the team. */
async function resendFromList(
  deps: Deps,
  ctx: ResendContext,
  requests: readonly ResendRequest[],
  listState: { filter: string; pageIndex: number },
) {
  const result = await resendBatch(deps.resends, ctx, requests);
  const list = await reload(() => loadPendingPage(deps.directory, noGroups, listState.filter, listState.pageIndex, deps.now()));
  await notifyResent(deps.slack, deps.logger, result, deps.now());
  return { result, list };
}

/** The mrkdwn of the one section a notification has. */
const postedText = (args: Posted | undefined): string => (args?.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');

describe('resendAndNotify', () => {
  it(`runs at most ${BULK_CONCURRENCY} resends at once`, () => {
    expect(BULK_CONCURRENCY).toBe(2);
  });

  describe('7 requests, one failing', () => {
    const run = async () => {
      const invs = expiredInvitations(7);
      const t = setup(invs);
      t.vultr.resendFailures.set('inv-e3', vultrError('rejected', 400));
      const result = await resendAndNotify(t.deps, context, invs.map(asShown));
      return { ...t, invs, result };
    };

    it('resends each invitation exactly once and reports every item, in request order', async () => {
      const { vultr, invs, result } = await run();
      expect([...vultr.resendCalls].sort()).toEqual(invs.map((i) => i.id).sort());
      expect(result.context).toBe(context);
      expect(result.items.map((i) => i.request)).toEqual(invs.map(asShown));
      expect(result.items.map((i) => i.outcome.kind)).toEqual(['resent', 'resent', 'resent', 'failed', 'resent', 'resent', 'resent']);
      expect(result.items.every((i) => !i.joined)).toBe(true);
      const failed = result.items[3]!.outcome;
      expect(failed.kind === 'failed' && failed.mayHaveSent).toBe(false);
    });

    it('posts ONE notification listing the 6 resent e-mails, not the failed one', async () => {
      const { postMessage, result } = await run();
      expect(postMessage).toHaveBeenCalledTimes(1);
      const args = postMessage.mock.calls[0]![0];
      expect(args.channel).toBe(CHANNEL);
      expect(args.text).toBe('<@U0ACTOR1> resent 6 invitations');
      expect(args.unfurl_links).toBe(false);
      const text = postedText(args);
      expect(text).toContain(':envelope_with_arrow: <@U0ACTOR1> resent 6 invitations (from the slash command)');
      const bullets = text.split('\n').filter((l) => l.startsWith('• '));
      expect(bullets.map((l) => l.split(':')[0])).toEqual(
        ['user0', 'user1', 'user2', 'user4', 'user5', 'user6'].map((u) => `• ${u}@example.com`),
      );
      expect(text).not.toContain('user3@example.com');
      expect(text).toContain('(expires in 7 days)');
      expect(result.notification).toEqual({ ok: true, channel: CHANNEL });
    });

    it(`never has more than ${BULK_CONCURRENCY} Vultr calls in flight, and does use both slots`, async () => {
      const { vultr } = await run();
      expect(vultr.maxActive).toBe(2);
    });
  });

  it('posts in the thread it is given (the digest), and not in a thread otherwise', async () => {
    const invs = expiredInvitations(2);
    const { deps, postMessage } = setup(invs);
    await resendAndNotify(deps, { ...context, source: 'digest', notifyThreadTs: '1775000000.000100' }, invs.map(asShown));
    expect(postMessage.mock.calls[0]![0]).toMatchObject({ channel: CHANNEL, thread_ts: '1775000000.000100' });
    expect(postedText(postMessage.mock.calls[0]![0])).toContain('(from the digest)');
    const again = setup(invs);
    await resendAndNotify(again.deps, context, invs.map(asShown));
    expect(again.postMessage.mock.calls[0]![0]).not.toHaveProperty('thread_ts');
  });

  it('does not post when there is no notification channel', async () => {
    const invs = expiredInvitations(3);
    const { postMessage, vultr, deps } = setup(invs);
    const result = await resendAndNotify(deps, { ...context, notifyChannel: undefined }, invs.map(asShown));
    expect(result.items.map((i) => i.outcome.kind)).toEqual(['resent', 'resent', 'resent']);
    expect(vultr.resendCalls).toHaveLength(3);
    expect(postMessage).not.toHaveBeenCalled();
    expect(result.notification).toBeNull();
  });

  it('does not post when nothing was resent (stale rows, gone, failures)', async () => {
    const [stale, accepted, failing] = expiredInvitations(3);
    const { postMessage, vultr, deps } = setup([stale!, { ...accepted!, isPending: false, statusLabel: 'Accepted' }, failing!]);
    vultr.resendFailures.set(failing!.id, vultrError('auth', 403));
    const requests = [
      { invitationId: stale!.id, shownExpiry: unixSeconds(stale!.expiresAt!) - 60 },
      asShown(accepted!),
      asShown(failing!),
      { invitationId: 'inv-unknown', shownExpiry: null },
    ];
    const result = await resendAndNotify(deps, context, requests);
    expect(result.items.map((i) => i.outcome.kind)).toEqual(['changed', 'not_pending', 'failed', 'gone']);
    expect(vultr.resendCalls).toEqual([failing!.id]);
    expect(postMessage).not.toHaveBeenCalled();
    expect(result.notification).toBeNull();
  });

  it('does nothing for no requests', async () => {
    const { postMessage, vultr, deps } = setup([]);
    const result = await resendAndNotify(deps, context, []);
    expect(result).toEqual({ context, items: [], notification: null });
    expect(vultr.maxActive).toBe(0);
    expect(postMessage).not.toHaveBeenCalled();
  });

  it('keeps at most 2 calls in flight for 30 requests with uneven latency, and keeps the order', async () => {
    const invs = expiredInvitations(30);
    const { vultr, deps, postMessage } = setup(invs, (id) => (Number(id.slice('inv-e'.length)) % 4) * 2);
    const samples: number[] = [];
    const timer = setInterval(() => samples.push(vultr.active), 0);
    try {
      const result = await resendAndNotify(deps, context, invs.map(asShown));
      expect(result.items.map((i) => i.request.invitationId)).toEqual(invs.map((i) => i.id));
      expect(result.items.every((i) => i.outcome.kind === 'resent')).toBe(true);
    } finally {
      clearInterval(timer);
    }
    expect(vultr.maxActive).toBe(2);
    expect(Math.max(...samples, 0)).toBeLessThanOrEqual(2);
    expect(vultr.resendCalls).toHaveLength(30);
    expect(postMessage).toHaveBeenCalledTimes(1);
    expect(postMessage.mock.calls[0]![0].text).toBe('<@U0ACTOR1> resent 30 invitations');
  });

  it('runs one request alone', async () => {
    const [only] = expiredInvitations(1);
    const { vultr, deps, postMessage } = setup([only!]);
    const result = await resendAndNotify(deps, context, [asShown(only!)]);
    expect(result.items).toEqual([
      {
        request: asShown(only!),
        outcome: { kind: 'resent', invitation: { ...only!, expiresAt: RENEWED } },
        joined: false,
        startedBy: 'U0ACTOR1',
      },
    ]);
    expect(vultr.maxActive).toBe(1);
    expect(postMessage.mock.calls[0]![0].text).toBe('<@U0ACTOR1> resent an invitation');
  });

  describe('joined items', () => {
    it('are not announced: the click that started the resend does that', async () => {
      const [first, second] = expiredInvitations(2);
      const { vultr, resends, deps, postMessage } = setup([first!, second!]);
      const gate = deferred();
      vultr.resendGates.set(first!.id, gate.promise);
      // Another click is already resending `first`.
      const other = resends.resend(asShown(first!));
      await new Promise((resolve) => setTimeout(resolve, 5));

      const batch = resendAndNotify(deps, context, [asShown(first!), asShown(second!)]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      gate.resolve();
      const [result, otherResult] = await Promise.all([batch, other]);

      expect(otherResult.joined).toBe(false);
      expect(result.items.map((i) => [i.outcome.kind, i.joined])).toEqual([
        ['resent', true],
        ['resent', false],
      ]);
      expect(vultr.resendCalls.filter((id) => id === first!.id)).toHaveLength(1);
      expect(postMessage).toHaveBeenCalledTimes(1);
      const text = postedText(postMessage.mock.calls[0]![0]);
      expect(postMessage.mock.calls[0]![0].text).toBe('<@U0ACTOR1> resent an invitation');
      expect(text).toContain('user1@example.com');
      expect(text).not.toContain('user0@example.com');
    });

    it('when every item joined, nothing is posted', async () => {
      const [only] = expiredInvitations(1);
      const { vultr, resends, deps, postMessage } = setup([only!]);
      const gate = deferred();
      vultr.resendGates.set(only!.id, gate.promise);
      const other = resends.resend(asShown(only!));
      await new Promise((resolve) => setTimeout(resolve, 5));
      const batch = resendAndNotify(deps, context, [asShown(only!)]);
      gate.resolve();
      const [result] = await Promise.all([batch, other]);
      expect(result.items[0]).toMatchObject({ joined: true, outcome: { kind: 'resent' } });
      expect(postMessage).not.toHaveBeenCalled();
      expect(result.notification).toBeNull();
    });

    it('the same id twice in one click sends one e-mail and announces it once', async () => {
      const [only] = expiredInvitations(1);
      const { vultr, deps, postMessage } = setup([only!]);
      const result = await resendAndNotify(deps, context, [asShown(only!), asShown(only!)]);
      expect(vultr.resendCalls).toEqual([only!.id]);
      expect(result.items.map((i) => i.joined)).toEqual([false, true]);
      expect(postMessage).toHaveBeenCalledTimes(1);
      expect(postMessage.mock.calls[0]![0].text).toBe('<@U0ACTOR1> resent an invitation');
    });
  });

  it('returns the notification failure, logged as a warning, instead of throwing', async () => {
    const invs = expiredInvitations(2);
    const { deps, postMessage, logged } = setup(invs);
    postMessage.mockRejectedValueOnce(
      Object.assign(new Error('An API error occurred: not_in_channel'), {
        code: 'slack_webapi_platform_error',
        data: { error: 'not_in_channel' },
      }),
    );
    const result = await resendAndNotify(deps, context, invs.map(asShown));
    expect(result.items.map((i) => i.outcome.kind)).toEqual(['resent', 'resent']);
    expect(result.notification).toEqual({ ok: false, channel: CHANNEL, slackError: 'not_in_channel' });
    expect(logged()).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'notification not posted',
        event: 'notify',
        channel: CHANNEL,
        outcome: 'not_in_channel',
      }),
    ]);
  });

  it('lets a bug (an error that is not a VultrError) reject the click, after announcing what already went out', async () => {
    const invs = expiredInvitations(2);
    const { vultr, deps, postMessage } = setup(invs);
    vultr.resendFailures.set('inv-e0', new TypeError('bug'));
    await expect(resendAndNotify(deps, context, invs.map(asShown))).rejects.toThrow(TypeError);
    // The second worker resent inv-e1 before the bug surfaced: that e-mail is announced, the failed one is not.
    expect(postMessage).toHaveBeenCalledTimes(1);
    const posted = JSON.stringify(postMessage.mock.calls[0]);
    expect(posted).toContain(invs[1]!.emailInvited);
    expect(posted).not.toContain(invs[0]!.emailInvited);
  });

  it('stops sending after a bug instead of working through the rest of the batch', async () => {
    const invs = expiredInvitations(6);
    const { vultr, deps } = setup(invs);
    vultr.resendFailures.set('inv-e0', new TypeError('bug'));
    await expect(resendAndNotify(deps, context, invs.map(asShown))).rejects.toThrow(TypeError);
    expect(vultr.resendCalls.length).toBeLessThan(6);
  });
});

describe('resendFromList', () => {
  const listState = { filter: 'example', pageIndex: 0 };

  it('resends, notifies, then reloads the page the click came from', async () => {
    const invs = [...expiredInvitations(3), invitation({ id: 'inv-other', emailInvited: 'x@other.org', expiresAt: fromNow(-hours(1)) })];
    const { deps, postMessage } = setup(invs);
    const report = await resendFromList(deps, context, invs.slice(0, 2).map(asShown), listState);
    expect(report.result.items.map((i) => i.outcome.kind)).toEqual(['resent', 'resent']);
    expect(postMessage).toHaveBeenCalledTimes(1);
    expect('data' in report.list).toBe(true);
    if (!('data' in report.list)) return;
    const page = report.list.data;
    expect(page.filter).toBe('example');
    expect(page.total).toBe(3);
    // The reload sees the new expirations: only user2 is still expired.
    expect(page.expired?.map((i) => i.id)).toEqual(['inv-e2']);
    expect(page.rows.map((r) => r.id)).toEqual(['inv-e2', 'inv-e0', 'inv-e1']);
  });

  it('reports a list that cannot be reloaded, keeping the resend result', async () => {
    const invs = expiredInvitations(2);
    const { vultr, deps } = setup(invs);
    const failure = vultrError('server', 503, 'list');
    vultr.listFailure = failure;
    const report = await resendFromList(deps, context, invs.map(asShown), listState);
    expect(report.result.items.map((i) => i.outcome.kind)).toEqual(['resent', 'resent']);
    expect(report.list).toEqual({ error: failure });
  });

  it('rethrows a reload error that is not a VultrError', async () => {
    const invs = expiredInvitations(1);
    const { vultr, deps } = setup(invs);
    vultr.listFailure = new TypeError('bug');
    await expect(resendFromList(deps, context, invs.map(asShown), listState)).rejects.toThrow(TypeError);
  });
});

describe('loadPendingPage', () => {
  const directory = (invitations: Invitation[]): InvitationDirectory => ({
    listInvitations: async () => ({ invitations, skipped: 0, complete: true }),
  });

  it('fills `expired` with every expired pending invitation of the selection, not only this page', async () => {
    const expired = expiredInvitations(20);
    const valid = Array.from({ length: 20 }, (_, i) =>
      invitation({ id: `inv-v${i}`, emailInvited: `valid${i}@example.com`, expiresAt: fromNow(days(i + 1)) }),
    );
    const page = await loadPendingPage(directory([...valid, ...expired]), noGroups, '', 2, NOW);
    expect(page.pageIndex).toBe(2);
    expect(page.rows).toHaveLength(40 - 2 * ROWS_PER_PAGE);
    expect(page.rows.some((r) => r.id.startsWith('inv-e'))).toBe(false);
    expect(page.expired?.map((i) => i.id)).toEqual(expired.map((i) => i.id));
  });

  it('leaves out what is not pending, not matching, not yet expired or of unknown expiry; now itself counts as expired', async () => {
    const invitations = [
      invitation({ id: 'exp', emailInvited: 'a@example.com', expiresAt: fromNow(-days(1)) }),
      invitation({ id: 'at-now', emailInvited: 'b@example.com', expiresAt: NOW }),
      invitation({ id: 'soon', emailInvited: 'c@example.com', expiresAt: fromNow(hours(1)) }),
      invitation({ id: 'nodate', emailInvited: 'd@example.com', expiresAt: null }),
      invitation({ id: 'accepted', emailInvited: 'e@example.com', expiresAt: fromNow(-days(1)), isPending: false }),
      invitation({ id: 'elsewhere', emailInvited: 'f@other.org', expiresAt: fromNow(-days(1)) }),
    ];
    const page = await loadPendingPage(directory(invitations), noGroups, 'example', 0, NOW);
    expect(page.expired?.map((i) => i.id)).toEqual(['exp', 'at-now']);
    expect(page.total).toBe(4);
  });

  it('has an empty `expired` when nothing is expired', async () => {
    const page = await loadPendingPage(directory([invitation()]), noGroups, '', 0, NOW);
    expect(page.expired).toEqual([]);
  });
});

describe('summarize (audit outcome)', () => {
  it('is the kind itself for one item', () => {
    expect(summarize(['resent'])).toBe('resent');
    expect(summarize(['failed'])).toBe('failed');
  });

  it('counts each kind for a batch, in order of first appearance', () => {
    expect(summarize(['resent', 'resent', 'failed', 'resent', 'resent', 'resent', 'resent'])).toBe('resent:6,failed:1');
    expect(summarize(['gone', 'resent', 'gone', 'changed'])).toBe('gone:2,resent:1,changed:1');
    expect(summarize(['resent', 'resent'])).toBe('resent:2');
  });

  it('is empty for no items', () => {
    expect(summarize([])).toBe('');
  });
});
