import { isVultrError } from '../vultr/errors';
import { fail, ok, type Check } from './check';

const NAME = 'Vultr API key';

/** One list call with the configured key: does it work, and what does the organization hold. */
export const checkVultr: Check = async ({ vultr, config }) => {
  try {
    const list = await vultr.listInvitations();
    const pending = list.invitations.filter((invitation) => invitation.isPending).length;
    const skipped = list.skipped > 0 ? `, ${list.skipped} malformed skipped` : '';
    const incomplete = list.complete ? '' : ` (incomplete: ${list.reason})`;
    return ok(NAME, `works: ${list.invitations.length} invitations, ${pending} pending${skipped}${incomplete}`);
  } catch (err) {
    if (!isVultrError(err)) throw err;
    if (err.kind === 'auth') {
      return fail(
        NAME,
        `Vultr refused the key (${err.status ?? 'auth'})`,
        "Vultr console → Account → API: check VULTR_API_KEY, that the key's access control allows this host's IP address, and that the key's user is the root user or has the iam.invitation.* permissions in the organization",
      );
    }
    if (err.kind === 'unreachable' || err.kind === 'timeout') {
      return fail(
        NAME,
        `Vultr is unreachable at ${config.vultr.apiUrl} (${err.message})`,
        'check VULTR_API_URL and that this host can reach it (DNS, proxy, firewall)',
      );
    }
    return fail(NAME, `the list call failed: ${err.message}`, 'run `npm run doctor` again; if it persists, check status.vultr.com');
  }
};
