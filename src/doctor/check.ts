import type { Config } from '../config';
import type { VultrClient } from '../vultr/client';
import type { BotIdentity } from '../platform/botIdentity';
import type { DoctorSlack } from './slackApi';

/** One line of the doctor's report. Every `fail` or `warn` carries the fix, in words an operator can act on. */
export interface CheckResult {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  summary: string;
  /** What to click or set; required for `warn` and `fail`. */
  fix?: string;
}

export interface DoctorContext {
  config: Config;
  slack: DoctorSlack;
  vultr: VultrClient;
  /** The bot token's identity, or undefined when auth.test failed (then Slack-backed checks cannot run). */
  bot: BotIdentity | undefined;
}

export type Check = (context: DoctorContext) => Promise<CheckResult>;

export const ok = (name: string, summary: string): CheckResult => ({ name, status: 'ok', summary });
export const warn = (name: string, summary: string, fix: string): CheckResult => ({ name, status: 'warn', summary, fix });
export const fail = (name: string, summary: string, fix: string): CheckResult => ({ name, status: 'fail', summary, fix });

/** A Slack-backed check cannot say anything useful without a working bot token; the token's own line says why. */
export function needsBot(name: string): CheckResult {
  return warn(name, 'not checked: the bot token does not work', 'fix the "Slack bot token" line first, then run `npm run doctor` again');
}
