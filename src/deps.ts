import type { CreateSingleFlight } from './domain/create';
import type { InvitationListCache } from './domain/listCache';
import type { ResendSingleFlight } from './domain/resend';
import type { Logger } from './util/log';
import type { AccessPolicy } from './platform/accessPolicy';
import type { OpenRequests, RequestRate } from './domain/approval';
import type { RequestCards } from './domain/requestCards';
import type { GroupCatalog } from './domain/groupCatalog';
import type { GroupGrants, MembershipDirectory } from './domain/groupGrants';
import type { GroupsOfRows } from './domain/rowGroups';
import type { InvitationDirectory } from './domain/directory';
import type { HomePublisher } from './platform/publishHome';
import type { SerialQueue } from './util/serialQueue';
import type { PipelineDeps } from './platform/pipeline/pipeline';
import type { Store } from './coordination/coordination';
import type { History } from './domain/history';

/** What the listeners need, built once in app.ts (tests build the same through createInvitesApp). */
export interface InvitesDeps extends PipelineDeps {
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
  /** Invitations created from modals and approval cards, once per address. */
  creates: CreateSingleFlight;
  /** Open access requests per person (bounded). */
  requests: OpenRequests;
  /** Access requests per hour, every requester together (INVITES_REQUESTS_PER_HOUR). */
  requestRate: RequestRate;
  /** The organization's Vultr groups, for the forms (a short cache). */
  groups: GroupCatalog;
  /** The group each invitation's acceptance grants, and the grants themselves. */
  grants: GroupGrants;
  /** The intended groups of the rows a list, the Home or the digest is about to show (from `grants`). */
  rowGroups: GroupsOfRows;
  /** Vultr itself (no cache), for a grant retried by hand: the current list, and the members. */
  vultr: InvitationDirectory & MembershipDirectory;
  /** INVITES_DEFAULT_GROUP (an id or display name): the group the invite form preselects. */
  defaultGroup: string | undefined;
  /** Access requests as card records: one decision per card. */
  cards: RequestCards;
  /** What a restart keeps and replicas share: SQLite or Redis (its audit log is the history). */
  store: Store;
  /** The store's audit log as the history: appended to by every request, read by `/invites history` and the Home. */
  history: History;
  /** INVITES_HISTORY_DAYS: how far back the history goes. */
  historyDays: number;
}
