import { loadPendingPage } from '../domain/listing';
import { replyEphemeral } from '../platform/respond';
import { isVultrError } from '../vultr/errors';
import { decodePageValue } from '../views/actionPayloads';
import { renderInvitationList } from '../views/invitationList';
import { renderListFailure, renderUnexpected } from '../views/problems';
import { acceptClick, isRefresh, type ClickArgs } from '../listeners/clickGuard';
import { auditLine, type InvitesDeps } from '../deps';

/** Previous / Next (from the cached list) / Refresh (fresh from Vultr): replace the list in place with the requested page. */
export function pageAction(deps: InvitesDeps) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, 'page', decodePageValue);
    if (!click) return;
    const reply = { logger: deps.logger, event: 'action', user: click.user, fallback: { client: args.client, channel: click.channel } };
    try {
      const page = await loadPendingPage(deps.directory, click.value.q, click.value.p, deps.now(), { fresh: isRefresh(args) });
      await replyEphemeral(args.respond, renderInvitationList({ page, now: deps.now() }), { ...reply, replaceOriginal: true });
      auditLine(deps, 'action', { user: click.user, action: 'page', outcome: 'ok', started: click.started, page: page.pageIndex });
    } catch (err) {
      // The old page stays readable: the failure is a new message, not a replacement.
      await replyEphemeral(args.respond, isVultrError(err) ? renderListFailure(err) : renderUnexpected(), {
        ...reply,
        replaceOriginal: false,
      });
      auditLine(deps, 'action', {
        user: click.user,
        action: 'page',
        outcome: isVultrError(err) ? `vultr_${err.kind}` : 'error',
        started: click.started,
        error: err,
      });
    }
  };
}
