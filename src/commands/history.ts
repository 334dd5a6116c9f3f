import { historyScreen } from '../screens/history';
import type { SlackMessage } from '../views/message';
import { renderRefusal } from '../views/problems';
import type { Subcommand } from './command';

/** `/invites history [TEXT]`: for the people who may use the bot, ephemerally (it lists addresses), newest first. */
export const history: Subcommand<{ filter: string }> = async (deps, { ack, command }, context, { filter }) => {
  await ack();
  const user = command.user_id;
  const reply = (message: SlackMessage) => context.reply?.(message, { replace: false, event: 'command' });
  const decision = await deps.access.check(user);
  if (!decision.allowed) {
    await reply(renderRefusal(decision.reason));
    return context.audit('command', { user, action: 'history', outcome: decision.reason }, false);
  }
  const { message, audit } = await historyScreen(deps, filter);
  await reply(message);
  const { outcome, routine, ...fields } = audit;
  context.audit('command', { user, action: 'history', outcome, ...fields }, routine);
};
