import { loadDigest, type Digest } from '../domain/digest';
import { channelMessageSurface } from '../listeners/channelMessageSurface';
import type { ResendSurface } from '../listeners/resendClick';
import { ACTION_DIGEST_RESEND, ACTION_DIGEST_RESEND_ALL } from '../views/actionPayloads';
import { renderDigestResendReport } from '../views/digestReport';

/** The reminder digest: a shared channel message, rebuilt with what is due now after a click. */
export function digestSurface(withinMs: number): ResendSurface<Digest> {
  return channelMessageSurface({
    source: 'digest',
    actions: { one: ACTION_DIGEST_RESEND, all: ACTION_DIGEST_RESEND_ALL },
    auditNames: { one: 'digest_resend', all: 'digest_resend_all' },
    noun: 'the digest',
    load: (deps) => loadDigest(deps.directory, deps.now(), withinMs),
    render: (_args, { result, shown, notifyProblem }, now) => renderDigestResendReport(result, shown.data, now, notifyProblem),
  });
}
