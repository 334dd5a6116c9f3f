import type { App, BlockAction } from '@slack/bolt';
import { StoreUnavailableError } from '../../coordination/coordination';
import type { ActionSource } from '../../domain/batch';
import type { AccessPolicy } from '../accessPolicy';
import type { NotifyResult } from '../notify';
import { requestContextOf, type AuditEvent, type RequestContext } from '../requestContext';
import type { SerialQueue } from '../../util/serialQueue';
import type { PostAckQueue } from '../postAck';
import type { Logger } from '../../util/log';
import { actionValueOf, clickedMessageOf, type ActionArgs } from './actionArgs';

/** A refusal a click can get before anything else happens. */
export type ClickRefusal = 'bad_request' | 'not_allowed' | 'not_an_approver' | 'check_failed' | 'misconfigured';

/** What the pipeline itself needs; an app's deps extend it. */
export interface PipelineDeps {
  access: AccessPolicy;
  logger: Logger;
  now: () => Date;
  /** INVITES_NOTIFY_CHANNEL; when undefined, the channel the click came from (where a surface allows it). */
  notifyChannel: string | undefined;
  /** Reloads and updates of one shared message, one at a time. */
  messageUpdates: SerialQueue;
  /** Work after an ack waits its turn (acks first, bounded bursts). */
  postAck: PostAckQueue;
}

/** Where the team is told about an action taken on a surface, and how the notification names the surface. */
export interface Place {
  source: ActionSource;
  notifyChannel: string | undefined;
  /** Tell the team in this thread (the clicked message's own), not as a new message. */
  notifyThreadTs?: string;
}

/** A click that was acknowledged, decoded and authorized. */
export interface ActionRequest<V> {
  value: V;
  user: string;
  /** The channel of the message clicked, when there is one. */
  channel: string | undefined;
  /** The clicked message's ts (channel messages, for chat.update), when there is one. */
  messageTs: string | undefined;
  place: Place;
  args: ActionArgs;
  context: RequestContext;
}

/** How an outcome is written in the audit log. */
export interface AuditEntry {
  outcome: string;
  /** Routine outcomes are logged at info; anything else at warn. */
  routine: boolean;
  fields?: Record<string, unknown>;
}

/**
 * What an action is, whichever surface its element sits on: how its value is decoded, what it
 * does, what it remembers, whom it tells, and how each outcome is audited.
 */
export interface ActionSpec<D, V, O> {
  /** Its name in the audit log. */
  name: string;
  /** What a person the access rules leave out is told was refused; default `not_allowed` (listing and resending). */
  notAllowed?: Extract<ClickRefusal, 'not_allowed' | 'not_an_approver'>;
  /** The element's untrusted value (a button's value, a selected option's value), or null to refuse it. */
  decode(raw: string | undefined): V | null;
  /** Shown at once while it runs (a batch takes seconds against the real Vultr); undefined: nothing. */
  progress?(value: V): string | undefined;
  run(deps: D, request: ActionRequest<V>): Promise<O>;
  /** What the app must know before anything is reloaded (the kept list must not show old rows). */
  remember?(deps: D, request: ActionRequest<V>, outcome: O): Promise<void>;
  /** A bug inside the outcome (a batch cut short): what already happened is announced, then it is reported as a failure. */
  interruption?(outcome: O): Error | undefined;
  /** Tells the team; null when there is nothing to tell or nowhere to tell it. */
  notify?(deps: D, request: ActionRequest<V>, outcome: O): Promise<NotifyResult | null>;
  /** Why the team could not be told (mrkdwn), for a second delivery to the clicker. */
  notifyProblem?(failure: Extract<NotifyResult, { ok: false }>): string;
  audit(outcome: O, request: ActionRequest<V>, notified: boolean | null): AuditEntry;
}

/** Where an element sits and how that place is told things: it delivers any action's outcome. */
export interface Surface<D, V, O> {
  event: AuditEvent;
  placeOf(deps: D, click: { channel: string | undefined; messageTs: string | undefined }): Place;
  refuse(deps: D, args: ActionArgs, context: RequestContext, reason: ClickRefusal): Promise<unknown>;
  progress(deps: D, request: ActionRequest<V>, text: string): Promise<void>;
  /** A message several people can click at once: its reload and update run one click at a time. */
  sharedKey?(request: ActionRequest<V>): string | undefined;
  /** The outcome, with what it changed reloaded, where the click came from; may add audit fields. */
  deliver(deps: D, request: ActionRequest<V>, outcome: O, notifyProblem?: string): Promise<Record<string, unknown> | void>;
  /** A bug: the clicker learns that something went wrong, without details. */
  fail(deps: D, request: ActionRequest<V>, error: unknown): Promise<void>;
}

/**
 * The one click path: acknowledge within Slack's 3 s, decode the untrusted value, check the
 * clicker (never assume whoever clicks is whoever listed), show progress, run, remember, answer
 * the clicker, and only then tell the team (a slow channel post never delays the answer; when it
 * fails, the answer is delivered again saying so). One audit line per click.
 */
export function actionHandler<D extends PipelineDeps, V, O>(
  deps: D,
  spec: ActionSpec<D, V, O>,
  surface: Surface<D, V, O>,
  name = spec.name,
) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const context = requestContextOf(args);
    const user = args.body.user.id;
    const audit = (outcome: string, routine: boolean, fields: Record<string, unknown> = {}) =>
      context.audit(surface.event, { user, action: name, outcome, ...fields }, routine);
    const refuse = async (reason: ClickRefusal) => {
      await surface.refuse(deps, args, context, reason);
      audit(reason, false);
    };
    const [action] = args.body.actions;
    const value = action ? spec.decode(actionValueOf(action)) : null;
    if (value === null) return refuse('bad_request');
    const decision = await deps.access.check(user);
    if (!decision.allowed) return refuse(decision.reason === 'not_allowed' ? (spec.notAllowed ?? 'not_allowed') : decision.reason);
    const clicked = clickedMessageOf(args.body);
    const request: ActionRequest<V> = { value, user, ...clicked, place: surface.placeOf(deps, clicked), args, context };
    try {
      const progress = spec.progress?.(value);
      if (progress !== undefined) await surface.progress(deps, request, progress);
      const outcome = await spec.run(deps, request);
      await spec.remember?.(deps, request, outcome);
      const interruption = spec.interruption?.(outcome);
      if (interruption) {
        await spec.notify?.(deps, request, outcome);
        throw interruption;
      }
      const key = surface.sharedKey?.(request);
      const answer = (notifyProblem?: string) => {
        // Rendering and delivery wait their turn (acks first, bounded bursts); the work itself has run.
        const work = () => deps.postAck.run(() => surface.deliver(deps, request, outcome, notifyProblem));
        return key === undefined ? work() : deps.messageUpdates.run(key, work);
      };
      const delivered = await answer();
      const notification = (await spec.notify?.(deps, request, outcome)) ?? null;
      if (notification && !notification.ok && spec.notifyProblem) await answer(spec.notifyProblem(notification));
      const entry = spec.audit(outcome, request, notification ? notification.ok : null);
      audit(entry.outcome, entry.routine, { ...entry.fields, ...(delivered ?? {}) });
    } catch (err) {
      // Telling the clicker may itself fail (Slack down): the bug is still on record, once.
      const shown = await surface.fail(deps, request, err).then(
        () => true,
        () => false,
      );
      audit(err instanceof StoreUnavailableError ? 'store_unavailable' : 'error', false, { error: err, failure_shown: shown });
    }
  };
}

/** Registers an action on a surface: one line per element an app shows. */
export function registerAction<D extends PipelineDeps, V, O>(
  app: App,
  deps: D,
  actionId: string | RegExp,
  spec: ActionSpec<D, V, O>,
  surface: Surface<D, V, O>,
  auditName?: string,
): void {
  app.action<BlockAction>(actionId, actionHandler(deps, spec, surface, auditName));
}
