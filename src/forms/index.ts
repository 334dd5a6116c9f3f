import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { CALLBACK_REQUEST } from '../views/accessRequest';
import { ACTION_NEW_INVITATION } from '../views/actionPayloads';
import { CALLBACK_INVITE, INVITE_GROUP_BLOCK } from '../views/inviteModal';
import { groupSearch } from './groupSearch';
import { anotherGroupSubmitted, chooseAnotherGroup } from './grantGroup';
import { CALLBACK_GRANT_GROUP } from '../views/grantGroupModal';
import { ACTION_GRANT_CHOOSE } from '../views/grantNews';
import { inviteSubmitted, newInvitationButton } from './invite';
import { requestSubmitted } from './request';

/** Registers the invite and access-request modals and the New invitation button that opens the first. */
export function registerForms(app: App, deps: InvitesDeps): void {
  app.view(CALLBACK_INVITE, inviteSubmitted(deps));
  app.view(CALLBACK_REQUEST, requestSubmitted(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_NEW_INVITATION, newInvitationButton(deps));
  app.options(INVITE_GROUP_BLOCK, groupSearch(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_GRANT_CHOOSE, chooseAnotherGroup(deps));
  app.view(CALLBACK_GRANT_GROUP, anotherGroupSubmitted(deps));
}
