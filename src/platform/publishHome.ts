import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import { describeError, type Logger } from '../util/log';
import type { HomeTab } from '../views/homeTab';
import { SerialQueue } from '../util/serialQueue';
import { slackRefusalOf } from './slackError';

/**
 * Publishes users' Home tabs (views.publish). Per user, one publish at a time in arrival order,
 * each rendered only when its turn comes, so an older list can never replace a newer one here;
 * and each carries the `hash` of the view this process published last, so Slack refuses it
 * (`hash_conflict`) when the tab was changed from elsewhere in between (another replica).
 * Failures (`not_enabled` when the Home tab is off, Slack down, …) are one log line, never thrown.
 */
export class HomePublisher {
  private readonly queue = new SerialQueue();
  private readonly hashes = new LRUCache<string, string>({ max: 10_000 });

  constructor(private readonly logger: Logger) {}

  publish(client: WebClient, userId: string, render: () => HomeTab | Promise<HomeTab>): Promise<boolean> {
    return this.queue.run(userId, async () => {
      const view = await render();
      const hash = this.hashes.get(userId);
      try {
        const published = await client.views.publish({ user_id: userId, view, ...(hash ? { hash } : {}) });
        if (published.view?.hash) this.hashes.set(userId, published.view.hash);
        return true;
      } catch (err) {
        const described = describeError(err);
        const refusal = slackRefusalOf(err);
        if (refusal === 'hash_conflict') {
          // The tab changed elsewhere: what is there is newer than what this process knew.
          this.hashes.delete(userId);
          this.logger.info('home tab changed elsewhere; publish skipped', { event: 'home', user: userId, outcome: 'hash_conflict' });
          return false;
        }
        this.logger.error('home tab not published', {
          event: 'home',
          user: userId,
          outcome: 'publish_failed',
          ...(refusal === 'not_enabled' ? { hint: 'enable the Home tab in the app settings (App Home)' } : {}),
          ...described,
        });
        return false;
      }
    });
  }
}
