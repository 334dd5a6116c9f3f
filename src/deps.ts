import type { CreateSingleFlight } from './domain/create';
import type { InvitationListCache } from './domain/listCache';
import type { ResendSingleFlight } from './domain/resend';
import type { Logger } from './util/log';
import type { AccessPolicy } from './platform/accessPolicy';
import type { CardDecisions, OpenRequests } from './domain/approval';
import type { HomePublisher } from './platform/publishHome';
import type { SerialQueue } from './util/serialQueue';
import type { WatchState } from './domain/watchState';

/** What the listeners need, built once in app.ts (tests build the same through createInvitesApp). */
export interface InvitesDeps {
  /** Vultr's invitation list behind the cache (INVITES_CACHE_TTL). */
  directory: InvitationListCache;
  resends: ResendSingleFlight;
  access: AccessPolicy;
  logger: Logger;
  now: () => Date;
  /** INVITES_NOTIFY_CHANNEL; when undefined, the channel the click came from. */
  notifyChannel: string | undefined;
  /** Updates of one shared message (the digest), one at a time. */
  messageUpdates: SerialQueue;
  home: HomePublisher;
  /** Invitations created from modals and approval cards, once per key. */
  creates: CreateSingleFlight;
  /** Open access requests per person (bounded). */
  requests: OpenRequests;
  /** One decision per approval card. */
  decisions: CardDecisions;
  /** The watcher's state when it is on (the App Home shows its recent activity). */
  watchState: WatchState | undefined;
}

/**
 * What an audit line is about: `/invites`, a click in a message, the App Home tab (opened or
 * clicked), an invitation created from a modal, an access request, or a decision on one.
 */
export type AuditEvent = 'command' | 'action' | 'home' | 'invite' | 'request' | 'decision';

/** One structured line per command or click: who, what, outcome, how long. */
export function auditLine(
  deps: InvitesDeps,
  event: AuditEvent,
  fields: { user: string; action: string; outcome: string; started: number } & Record<string, unknown>,
): void {
  const { started, ...rest } = fields;
  // "ok", "resent", or a batch that only resent ("resent:7") is routine; anything else is worth a look.
  const level = /^(ok|resent(:\d+)?|created|opened|requested|approved|denied)$/.test(String(rest.outcome)) ? 'info' : 'warn';
  deps.logger[level](event, { event, ...rest, duration_ms: Date.now() - started });
}
