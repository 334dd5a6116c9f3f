import { openInviteModal } from '../forms/invite';
import { renderModalNotOpened } from '../views/problems';
import type { Subcommand } from './command';

/** `/invites new [e-mail]`: the invite form, opened straight after the ack (the trigger lasts 3 s). */
export const newInvitation: Subcommand<{ email: string | undefined }> = async (deps, { ack, command, client }, context, { email }) => {
  await ack();
  const opened = await openInviteModal(deps, context, client, command.trigger_id, command.user_id, email);
  if (!opened) await context.reply?.(renderModalNotOpened('/invites new'), { replace: false, event: 'command' });
};
