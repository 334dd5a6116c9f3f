import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log';
import { postNotification, type NotifyResult } from '../slack/notify';
import type { VultrError } from '../vultr/errors';
import { isVultrError } from '../vultr/errors';
import type { Invitation } from '../vultr/invitation';
import { renderResendNotification, type ActionSource } from '../views/notification';
import { pageOf, selectPending, type InvitationPage } from './listing';
import type { ResendOutcome, ResendSingleFlight } from './resend';

export interface InvitationDirectory {
  listInvitations(): Promise<Invitation[]>;
}

/** One page of the pending list, as `/invites TEXT` and the paging buttons show it. */
export async function loadPendingPage(directory: InvitationDirectory, filter: string, pageIndex: number): Promise<InvitationPage> {
  return pageOf(selectPending(await directory.listInvitations(), filter), pageIndex, filter);
}

export interface ResendClick {
  actorUserId: string;
  invitationId: string;
  shownExpiry: number | null;
  filter: string;
  pageIndex: number;
  /** Where the team is told; undefined when there is nowhere to post. */
  notifyChannel: string | undefined;
  source: ActionSource;
}

export interface ResendReport {
  click: ResendClick;
  outcome: ResendOutcome;
  /** True when this click joined a resend another click had already started. */
  joined: boolean;
  notification: NotifyResult | null;
  /** The refreshed list to show under the outcome, or why it could not be loaded. */
  list: { page: InvitationPage } | { error: VultrError };
}

export interface ResendDeps {
  directory: InvitationDirectory;
  resends: ResendSingleFlight;
  slack: WebClient;
  logger: Logger;
  now: () => Date;
}

/**
 * A Resend click end to end: resend exactly once as shown, tell the team (only the click that
 * actually resent does), then reload the page the click came from.
 */
export async function resendFromList(deps: ResendDeps, click: ResendClick): Promise<ResendReport> {
  const { outcome, joined } = await deps.resends.resend({ invitationId: click.invitationId, shownExpiry: click.shownExpiry });
  let notification: NotifyResult | null = null;
  if (outcome.kind === 'resent' && !joined && click.notifyChannel !== undefined) {
    const message = renderResendNotification({
      actorUserId: click.actorUserId,
      resent: [outcome.invitation],
      source: click.source,
      now: deps.now(),
    });
    notification = await postNotification(deps.slack, click.notifyChannel, message, deps.logger);
  }
  let list: ResendReport['list'];
  try {
    list = { page: await loadPendingPage(deps.directory, click.filter, click.pageIndex) };
  } catch (err) {
    if (!isVultrError(err)) throw err;
    list = { error: err };
  }
  return { click, outcome, joined, notification, list };
}
