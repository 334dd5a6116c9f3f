import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import type { RawInvitation } from './schemas';

/** An organization invitation as the rest of the app sees it: no Vultr JSON beyond this file. */
export interface Invitation {
  id: string;
  emailInvited: string;
  inviterName: string | null;
  inviterEmail: string | null;
  /** Vultr's status as it arrived, for people to read (status_full, invite_status or status). */
  statusLabel: string;
  isPending: boolean;
  createdAt: Date | null;
  expiresAt: Date | null;
  /** When the invitee accepted (Vultr fills date_responded then); null while pending or unknown. */
  respondedAt: Date | null;
  /** The address of the Vultr account that accepted, when Vultr says (email_registered): it may differ from the invited one. */
  emailRegistered?: string;
}

/** The form Vultr writes (a full date-time with `Z` or `±hh:mm`), which the engine reads exactly as parseISO does. */
const OFFSET_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T\d\d:\d\d:\d\d(?:\.\d{1,3})?(?:Z|[+-]\d\d:\d\d)$/;

/** An ISO date or date-time that names no offset (no `Z`, no `±hh:mm`): Vultr means UTC by it. */
const withoutOffset = /^(\d{4}-?\d{2}-?\d{2})(?:[T ](\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?))?$/i;

/**
 * A lenient ISO parse (docs/vultr-api.md, Dates); empty, null or unparseable dates are unknown,
 * never a crash. A date without an offset is read as UTC, never in the host's time zone.
 */
export function parseVultrDate(value: string | null): Date | null {
  if (value === null) return null;
  const trimmed = value.trim();
  const exact = OFFSET_DATE_TIME.exec(trimmed);
  if (exact) {
    // Natively: parseISO costs ~4 µs a date, too much for two dates on each of 10,000 rows.
    const ms = Date.parse(trimmed);
    const day = Number(exact[3]);
    // The engine rolls 30 February over into March; parseISO calls it invalid, and so does this.
    const pastMonthEnd = day > 28 && day > new Date(Date.UTC(Number(exact[1]), Number(exact[2]), 0)).getUTCDate();
    return Number.isNaN(ms) || pastMonthEnd ? null : new Date(ms);
  }
  const bare = withoutOffset.exec(trimmed);
  const date = parseISO(bare ? `${bare[1]}T${bare[2] ?? '00:00:00'}Z` : trimmed);
  return isValid(date) ? date : null;
}

/** Pending only when (docs/vultr-api.md, Invitation fields) invite_status (or, without one, status) is "pending", in any case. */
function isPendingStatus(raw: RawInvitation): boolean {
  const status = raw.invite_status ?? raw.status;
  return status !== null && status.trim().toLowerCase() === 'pending';
}

/**
 * Vultr's list as the bot read it. `skipped` rows were malformed (docs/vultr-api.md, Invitation
 * fields) and left out; an incomplete list stopped early, and `reason` says why, in words for people.
 */
export type InvitationList = { invitations: Invitation[]; skipped: number } & ({ complete: true } | { complete: false; reason: string });

/** Only something that looks like an address is used to find the new member. */
const emailAddressLike = (text: string): boolean => /^[^\s@]+@[^\s@]+$/.test(text.trim()) && text.length <= 254;

export function toInvitation(raw: RawInvitation): Invitation {
  return {
    id: raw.id,
    emailInvited: raw.email_invited,
    inviterName: raw.inviter_name,
    inviterEmail: raw.inviter_email,
    statusLabel: raw.invite_status ?? raw.status_full ?? raw.status ?? 'unknown',
    isPending: isPendingStatus(raw),
    createdAt: parseVultrDate(raw.date_created),
    expiresAt: parseVultrDate(raw.expiration_date),
    respondedAt: parseVultrDate(raw.date_responded),
    ...(typeof raw.email_registered === 'string' && emailAddressLike(raw.email_registered)
      ? { emailRegistered: raw.email_registered.trim() }
      : {}),
  };
}
