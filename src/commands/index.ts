import type { App } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { requestContextOf } from '../platform/requestContext';
import type { CommandArgs } from './command';
import { help } from './help';
import { history } from './history';
import { list, tooLong } from './list';
import { newInvitation } from './new';
import { parseCommandText } from './parse';
import { request } from './request';

/** Registers `/invites`: its text picks the subcommand. */
export function registerCommands(app: App, deps: InvitesDeps): void {
  app.command('/invites', async (args: CommandArgs) => {
    const context = requestContextOf(args);
    const parsed = parseCommandText(args.command.text);
    switch (parsed.kind) {
      case 'help':
        return help(deps, args, context, parsed);
      case 'new':
        return newInvitation(deps, args, context, parsed);
      case 'request':
        return request(deps, args, context, parsed);
      case 'history':
        return history(deps, args, context, parsed);
      case 'too_long':
        return tooLong(deps, args, context, parsed);
      case 'list':
        return list(deps, args, context, parsed);
    }
  });
}
