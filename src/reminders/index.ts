import type { App } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { registerResendButtons } from '../listeners/resendClick';
import { digestSurface } from './digestSurface';

/** Registers the buttons of the reminder digest. */
export function registerDigestListeners(app: App, deps: InvitesDeps, withinMs: number): void {
  registerResendButtons(app, deps, digestSurface(withinMs));
}
