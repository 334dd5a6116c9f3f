import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { ACTION_APPROVE, ACTION_DENY, CALLBACK_REQUEST } from '../views/accessRequest';
import { ACTION_NEW_INVITATION } from '../views/actionPayloads';
import { CALLBACK_INVITE } from '../views/inviteModal';
import { requestSubmitted } from './accessRequest';
import { decisionClick } from './approvalClick';
import { inviteSubmitted, newInvitationButton } from './newInvitation';

/** Registers the invite and access-request modals, the New invitation button and the approval card's buttons. */
export function registerRequestListeners(app: App, deps: InvitesDeps): void {
  app.view(CALLBACK_INVITE, inviteSubmitted(deps));
  app.view(CALLBACK_REQUEST, requestSubmitted(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_NEW_INVITATION, newInvitationButton(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_APPROVE, decisionClick(deps, 'approve'));
  app.action<BlockAction<ButtonAction>>(ACTION_DENY, decisionClick(deps, 'deny'));
}
