import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { channelMessageSurface } from '../listeners/channelMessageSurface';
import type { InvitesDeps } from '../deps';
import { registerResendButtons } from '../listeners/resendClick';
import type { Invitation } from '../vultr/invitation';
import { ACTION_WATCH_RESEND, ACTION_WATCH_RESEND_ALL } from '../views/actionPayloads';
import { renderWatchNewsAfterResend } from '../views/watchNews';

/**
 * The watcher's announcements: a shared channel message like the digest. After a click it keeps
 * the news as announced and offers Resend only where the invitation, freshly listed, still needs it.
 */
export const watchSurface = channelMessageSurface<ReadonlyMap<string, Invitation>>({
  source: 'watcher announcement',
  actions: { one: ACTION_WATCH_RESEND, all: ACTION_WATCH_RESEND_ALL },
  auditNames: { one: 'watch_resend', all: 'watch_resend_all' },
  noun: 'the announcement',
  load: async (deps) => new Map((await deps.directory.listInvitations()).invitations.map((inv) => [inv.id, inv])),
  render: (args, { result, shown, notifyProblem }, now) =>
    // A click on a channel message carries that message: its rows are what was announced.
    renderWatchNewsAfterResend((args.body.message?.blocks ?? []) as KnownBlock[], result, shown.data, now, notifyProblem),
});

/** Registers the Resend buttons of the watcher's announcements. */
export function registerWatchListeners(app: App, deps: InvitesDeps): void {
  registerResendButtons(app, deps, watchSurface);
}
