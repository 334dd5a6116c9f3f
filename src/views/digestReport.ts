import { escapeMrkdwn } from './mrkdwn';
import type { Digest } from '../domain/digest';
import type { BatchResult } from '../domain/batch';
import { ACTION_DIGEST_RESEND, ACTION_DIGEST_RESEND_ALL } from './actionPayloads';
import { DIGEST_STATE, renderDigest } from './digest';
import type { SlackMessage } from './message';
import { problemMessage, vultrFailureText } from './problems';
import type { VultrError } from '../vultr/errors';
import { retryButton } from './resendReport';
import { resendNotice } from './resendNotice';

/** The digest after a click, for everyone in the channel: the outcome on top, what is still due below. */
export function renderDigestResendReport(result: BatchResult, digest: Digest, now: Date, notifyProblem?: string): SlackMessage {
  const known = new Map([...digest.expired, ...digest.expiringSoon].map((inv) => [inv.id, inv]));
  const notice = resendNotice(result, now, known, notifyProblem);
  const retry = retryButton(
    notice.retry,
    DIGEST_STATE,
    { one: ACTION_DIGEST_RESEND, many: ACTION_DIGEST_RESEND_ALL },
    result.items.length > 1,
  );
  return renderDigest({ digest, now, notice: { text: notice.text, ...(retry ? { accessory: retry } : {}) }, rowNotes: notice.rowNotes });
}

/**
 * When a shared channel message (the digest, an announcement) cannot be rebuilt (Vultr failed
 * on the reload) or updated (Slack refused), the clicker still learns what the click did,
 * privately, and the shared message stays as it was. `noun` names it: "the digest".
 */
export function renderChannelMessageUpdateFailure(
  result: BatchResult,
  now: Date,
  why: { vultr: VultrError } | { slack: string },
  noun: string,
  notifyProblem?: string,
): SlackMessage {
  const reason =
    'vultr' in why
      ? `Could not refresh ${noun}: ${vultrFailureText(why.vultr)}`
      : `Could not update ${noun} message (${escapeMrkdwn(why.slack)}).`;
  return problemMessage(`${resendNotice(result, now, new Map(), notifyProblem).text}\n${reason}`);
}
