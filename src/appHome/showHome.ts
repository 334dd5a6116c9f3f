import type { WebClient } from '@slack/web-api';
import type { ListOptions } from '../domain/directory';
import { loadHome } from '../domain/homeList';
import type { WatchEvent } from '../domain/watch';
import type { InvitesDeps } from '../deps';
import { isVultrError } from '../vultr/errors';
import { renderHome, renderHomeFailure, renderHomeRefusal, type HomeTab } from '../views/homeTab';
import type { RefusalReason } from '../views/problems';

/** What happened, for the audit line. */
export interface Shown {
  outcome: string;
  published: boolean;
  [field: string]: unknown;
}

/** The watcher's recent news for the Home tab; undefined when the watcher is off. */
export async function recentActivityOf(deps: InvitesDeps): Promise<readonly WatchEvent[] | undefined> {
  return deps.watchState ? ((await deps.watchState.read())?.recent ?? []) : undefined;
}

/** Loads a page of the list (cached unless `fresh`) and publishes it, or publishes why it could not be loaded. */
export async function showHomeList(
  deps: InvitesDeps,
  client: WebClient,
  user: string,
  pageIndex: number,
  options: ListOptions = {},
): Promise<Shown> {
  let fields: Record<string, unknown> & { outcome: string } = { outcome: 'ok' };
  const published = await deps.home.publish(client, user, async () => {
    try {
      const list = await loadHome(deps.directory, pageIndex, deps.now(), options);
      fields = { outcome: 'ok', page: list.page.pageIndex, shown: list.page.rows.length, total: list.page.total };
      const recent = await recentActivityOf(deps);
      return renderHome({ ...list, now: deps.now(), ...(recent ? { recent } : {}) });
    } catch (err) {
      fields = { outcome: isVultrError(err) ? `vultr_${err.kind}` : 'error', error: err };
      return renderHomeFailure(err, { pageIndex });
    }
  });
  return { ...fields, published };
}

/** The explanation for someone who may not use the bot (or whose check or click failed). */
export function showHomeRefusal(deps: InvitesDeps, client: WebClient, user: string, reason: RefusalReason): Promise<boolean> {
  return deps.home.publish(client, user, () => renderHomeRefusal(reason));
}

export type { HomeTab };
