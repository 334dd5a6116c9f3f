import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../util/log';
import { renderRefusal } from '../views/problems';

interface GuardedBody {
  team_id?: string;
  api_app_id?: string;
  team?: { id?: string } | null;
  user?: { team_id?: string };
}

/**
 * Refuses requests that are signed correctly but not meant for this installation: another
 * workspace's team_id, or (when SLACK_APP_ID is set) another app's api_app_id. A request that
 * names no workspace (or, with SLACK_APP_ID set, no app) is refused too: every request Slack
 * sends this app names both, so a missing one says nothing good about where it came from.
 */
export function requestGuard(installed: { teamId: string; appId: string | undefined; logger: Logger }): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as GuardedBody;
    const teamId = body.team_id ?? body.team?.id ?? body.user?.team_id;
    const foreignTeam = teamId !== installed.teamId;
    const foreignApp = installed.appId !== undefined && body.api_app_id !== installed.appId;
    if (!foreignTeam && !foreignApp) {
      await args.next();
      return;
    }
    installed.logger.warn('request refused', {
      event: 'request_guard',
      outcome: foreignTeam ? (teamId === undefined ? 'no_team' : 'foreign_team') : body.api_app_id === undefined ? 'no_app' : 'foreign_app',
      team_id: teamId,
      api_app_id: body.api_app_id,
    });
    const refusal = renderRefusal('foreign_workspace');
    if ('ack' in args && typeof args.ack === 'function') {
      // Commands take a message in the ack; clicks and events take none.
      const ack = args.ack as (message?: unknown) => Promise<void>;
      await ack('command' in args ? { response_type: 'ephemeral', text: refusal.text } : undefined);
    }
  };
}
