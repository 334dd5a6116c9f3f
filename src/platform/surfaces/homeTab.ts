import type { HomeTab } from '../../views/homeTab';
import { renderHomeNotice, renderHomeRefusal } from '../../views/homeTab';
import type { ActionRequest, PipelineDeps, Surface } from '../pipeline/pipeline';
import type { HomePublisher } from '../publishHome';

export interface HomeScreen<D, V, O> {
  /** The tab after the action, rendered when its publish's turn comes. */
  show(deps: D, request: ActionRequest<V>, outcome: O, notifyProblem?: string): Promise<HomeTab>;
  /** The tab after a bug, without details. */
  failure(request: ActionRequest<V>, error: unknown): HomeTab;
}

/**
 * The App Home tab: every change is a views.publish of the whole tab, one at a time per user.
 * A click in a view has no response_url: a refused or malformed click publishes the explanation.
 * Home has no channel of its own, so the team is told only in INVITES_NOTIFY_CHANNEL.
 */
export function homeTabSurface<D extends PipelineDeps & { home: HomePublisher }, V, O>(screen: HomeScreen<D, V, O>): Surface<D, V, O> {
  return {
    event: 'home',
    placeOf: (deps) => ({ source: 'App Home', notifyChannel: deps.notifyChannel }),
    refuse: (deps, args, _context, reason) => deps.home.publish(args.client, args.body.user.id, () => renderHomeRefusal(reason)),
    async progress(deps, request, text) {
      await deps.home.publish(request.args.client, request.user, () => renderHomeNotice(text));
    },
    async deliver(deps, request, outcome, notifyProblem) {
      const published = await deps.home.publish(request.args.client, request.user, () =>
        screen.show(deps, request, outcome, notifyProblem),
      );
      return { published };
    },
    async fail(deps, request, error) {
      await deps.home.publish(request.args.client, request.user, () => screen.failure(request, error));
    },
  };
}
