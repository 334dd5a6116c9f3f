import type { WebClient } from '@slack/web-api';
import { describeError, type Logger } from '../log';
import type { HomeTab } from '../views/home';

/**
 * Publishes a user's Home tab (views.publish, reference §7). A failure (`not_enabled` when the
 * Home tab is off in the app settings, Slack down, …) is logged as one line, never thrown into
 * Bolt. Returns whether Slack took it.
 */
export async function publishHome(client: WebClient, userId: string, view: HomeTab, logger: Logger): Promise<boolean> {
  try {
    await client.views.publish({ user_id: userId, view });
    return true;
  } catch (err) {
    const described = describeError(err);
    logger.error('home tab not published', {
      event: 'home',
      user: userId,
      outcome: 'publish_failed',
      ...(described.slack_error === 'not_enabled' ? { hint: 'enable the Home tab in the app settings (App Home)' } : {}),
      ...described,
    });
    return false;
  }
}
