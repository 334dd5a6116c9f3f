import { renderHelp } from '../views/help';
import type { Subcommand } from './command';

/** `/invites help`: answered in the ack itself. */
export const help: Subcommand<unknown> = async (_deps, { ack, command }, context) => {
  const message = renderHelp();
  await ack({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
  context.audit('command', { user: command.user_id, action: 'help', outcome: 'ok' }, true);
};
