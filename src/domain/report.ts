import type { BatchResult } from './batch';
import type { Reloaded } from './directory';

/** What a surface shows after a resend click: the outcome, its reloaded contents, and any channel problem. */
export interface ResendReport<Shown> {
  result: BatchResult;
  shown: Reloaded<Shown>;
  /** Why the team's channel could not be told (mrkdwn), once that is known. */
  notifyProblem?: string;
}
