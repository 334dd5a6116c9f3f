import type { WebClient } from '@slack/web-api';
import type { InvitesDeps } from '../commands/deps';
import { loadHome } from '../invites/home';
import { publishHome } from '../slack/publishHome';
import { isVultrError } from '../vultr/errors';
import { renderHome, renderHomeFailure, renderHomeRefusal, type HomeTab } from '../views/home';
import type { RefusalReason } from '../views/problems';

/** What happened, for the audit line. */
export interface Shown {
  outcome: string;
  published: boolean;
  [field: string]: unknown;
}

/** Loads a page of the list fresh from Vultr and publishes it, or publishes why it could not be loaded. */
export async function showHomeList(deps: InvitesDeps, client: WebClient, user: string, pageIndex: number): Promise<Shown> {
  let view: HomeTab;
  let fields: Record<string, unknown> & { outcome: string };
  try {
    const list = await loadHome(deps.directory, pageIndex, deps.now());
    view = renderHome({ ...list, now: deps.now() });
    fields = { outcome: 'ok', page: list.page.pageIndex, shown: list.page.rows.length, total: list.page.total };
  } catch (err) {
    view = renderHomeFailure(err, { pageIndex });
    fields = { outcome: isVultrError(err) ? `vultr_${err.kind}` : 'error', error: err };
  }
  return { ...fields, published: await publishHome(client, user, view, deps.logger) };
}

/** The explanation for someone who may not use the bot (or whose check or click failed). */
export function showHomeRefusal(deps: InvitesDeps, client: WebClient, user: string, reason: RefusalReason): Promise<boolean> {
  return publishHome(client, user, renderHomeRefusal(reason), deps.logger);
}
