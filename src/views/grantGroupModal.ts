import type { ModalView } from '@slack/types';
import type { GrantIntent } from '../domain/groupGrants';
import { section } from './blocks';
import { groupInput, type GroupChoices } from './groupChoice';
import { modal } from './modalInputs';
import { vultrText } from './mrkdwn';

/** "Choose another group" after a failed grant: the modal, and what it says after a submit. */

export const CALLBACK_GRANT_GROUP = 'grant_group_modal';
export const GRANT_GROUP_BLOCK = 'group';
const TITLE = 'Another group';

export function renderGrantGroupModal(intent: GrantIntent, groups: GroupChoices, metadata: string): ModalView {
  return {
    ...modal({
      callbackId: CALLBACK_GRANT_GROUP,
      title: TITLE,
      submit: 'Add them',
      blocks: [
        section(
          `*${vultrText(intent.email, 254)}* could not be added to *${vultrText(intent.group.name, 100)}*. Choose the group to add them to instead.`,
        ),
        groupInput(GRANT_GROUP_BLOCK, groups, 'The bot adds them at once.'),
      ],
    }),
    private_metadata: metadata,
  };
}

export function renderGrantGroupNotice(text: string): ModalView {
  return modal({ callbackId: CALLBACK_GRANT_GROUP, title: TITLE, close: 'Close', blocks: [section(text)] });
}
