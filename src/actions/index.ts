import type { App } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { registerAction } from '../platform/pipeline/pipeline';
import { channelMessageSurface } from '../platform/surfaces/channelMessage';
import { ephemeralSurface } from '../platform/surfaces/ephemeral';
import { homeTabSurface } from '../platform/surfaces/homeTab';
import { ACTION_APPROVE, ACTION_DENY, ACTION_REQUEST_GROUP } from '../views/accessRequest';
import { cardGroupChosen, chooseCardGroup } from './cardGroup';
import * as ids from '../views/actionPayloads';
import { approve, decisionOnCard, deny } from './decide';
import { grantRetried, retryGrant } from './grant';
import { ACTION_GRANT_RETRY } from '../views/grantNews';
import { historyOlder, historyOnList } from './history';
import { homePage, listPage, pageOnHome, pageOnList } from './page';
import { resendAll, resendInDigest, resendInWatchNews, resendOne, resendOnHome, resendOnList } from './resend';

const pageTurns = (prefix: string) => new RegExp(`^${prefix}:(prev|next|refresh)$`);

/** Every button and menu the bot shows: which action runs, on which surface. One line each. */
export function registerActions(app: App, deps: InvitesDeps, digestWithinMs: number): void {
  const list = ephemeralSurface('action', 'slash command', resendOnList);
  registerAction(app, deps, ids.ACTION_RESEND, resendOne, list);
  registerAction(app, deps, ids.ACTION_RESEND_ALL, resendAll, list);
  registerAction(app, deps, pageTurns(ids.ACTION_PAGE), listPage, ephemeralSurface('action', 'slash command', pageOnList));
  registerAction(app, deps, ids.ACTION_HISTORY_OLDER, historyOlder, ephemeralSurface('action', 'slash command', historyOnList));

  const home = homeTabSurface(resendOnHome);
  registerAction(app, deps, ids.ACTION_HOME_RESEND, resendOne, home);
  registerAction(app, deps, ids.ACTION_HOME_RESEND_ALL, resendAll, home);
  registerAction(app, deps, pageTurns(ids.ACTION_HOME_PAGE), homePage, homeTabSurface(pageOnHome));

  const digest = channelMessageSurface('digest', 'the digest', resendInDigest(digestWithinMs));
  registerAction(app, deps, ids.ACTION_DIGEST_RESEND, resendOne, digest, 'digest_resend');
  registerAction(app, deps, ids.ACTION_DIGEST_RESEND_ALL, resendAll, digest, 'digest_resend_all');
  // Registered even with the watcher off: announcements posted before it was turned off keep working buttons.
  const news = channelMessageSurface('watcher announcement', 'the announcement', resendInWatchNews);
  registerAction(app, deps, ids.ACTION_WATCH_RESEND, resendOne, news, 'watch_resend');
  registerAction(app, deps, ids.ACTION_WATCH_RESEND_ALL, resendAll, news, 'watch_resend_all');

  registerAction(app, deps, ACTION_GRANT_RETRY, retryGrant, channelMessageSurface('grant message', 'the message', grantRetried));

  const card = ephemeralSurface('decision', 'approval card', decisionOnCard);
  registerAction(app, deps, ACTION_APPROVE, approve, card);
  registerAction(app, deps, ACTION_DENY, deny, card);
  registerAction(app, deps, ACTION_REQUEST_GROUP, chooseCardGroup, channelMessageSurface('approval card', 'the card', cardGroupChosen));
}
