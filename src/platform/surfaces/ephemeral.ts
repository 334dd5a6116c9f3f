import type { ActionSource } from '../../domain/batch';
import type { SlackMessage } from '../../views/message';
import { problemMessage, renderRefusal, renderUnexpected } from '../../views/problems';
import type { ActionRequest, PipelineDeps, Surface } from '../pipeline/pipeline';
import type { AuditEvent, RequestContext } from '../requestContext';

/** What an ephemeral message shows after an action: a replacement, or a new message beside it (the old stays readable); null: nothing. */
export interface EphemeralShown {
  message: SlackMessage;
  replace: boolean;
}

export type EphemeralScreen<D, V, O> = (
  deps: D,
  request: ActionRequest<V>,
  outcome: O,
  notifyProblem?: string,
) => Promise<EphemeralShown | null>;

const reply = async (context: RequestContext, event: AuditEvent, message: SlackMessage, replace: boolean): Promise<boolean> =>
  (await context.reply?.(message, { replace, event })) ?? false;

/**
 * A message only the clicker sees (`/invites`, a card's private answers): it changes only
 * through the click's response_url. Refusals and failures are new messages, so what was shown stays.
 */
export function ephemeralSurface<D extends PipelineDeps, V, O>(
  event: AuditEvent,
  source: ActionSource,
  show: EphemeralScreen<D, V, O>,
): Surface<D, V, O> {
  return {
    event,
    placeOf: (deps, click) => ({ source, notifyChannel: deps.notifyChannel ?? click.channel }),
    refuse: (_deps, _args, context, reason) => reply(context, event, renderRefusal(reason), false),
    async progress(_deps, request, text) {
      await reply(request.context, event, problemMessage(text), true);
    },
    async deliver(deps, request, outcome, notifyProblem) {
      const shown = await show(deps, request, outcome, notifyProblem);
      if (shown) await reply(request.context, event, shown.message, shown.replace);
    },
    async fail(_deps, request, error) {
      await reply(request.context, event, renderUnexpected(error), false);
    },
  };
}
