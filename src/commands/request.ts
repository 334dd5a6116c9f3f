import { openRequestModal } from '../forms/request';
import { renderModalNotOpened } from '../views/problems';
import type { Subcommand } from './command';

/** `/invites request`: the access-request form, opened straight after the ack (the trigger lasts 3 s). */
export const request: Subcommand<unknown> = async (deps, { ack, command, client }, context) => {
  await ack();
  const opened = await openRequestModal(deps, context, client, command.trigger_id, command.user_id);
  if (!opened) await context.reply?.(renderModalNotOpened('/invites request'), { replace: false, event: 'command' });
};
