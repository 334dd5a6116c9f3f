import { VultrError, type VultrErrorKind } from '../vultr/errors';
import type { FlightResult } from './resend';

/**
 * A resend's outcome as text, so a click on another replica can report the resend it waited
 * for. Dates and Vultr errors are tagged so they come back as what they were.
 */
export function encodeFlight(flight: Pick<FlightResult, 'outcome' | 'startedBy'>): string {
  return JSON.stringify(flight, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (raw instanceof VultrError) return { $vultrError: { kind: raw.kind, message: raw.message, details: raw.details } };
    return value;
  });
}

export function decodeFlight(text: string): Pick<FlightResult, 'outcome' | 'startedBy'> | null {
  try {
    return JSON.parse(text, (_key, value: unknown) => {
      if (isTagged(value, '$date')) return new Date(value.$date as string);
      if (isTagged(value, '$vultrError')) {
        const { kind, message, details } = value.$vultrError as { kind: VultrErrorKind; message: string; details: VultrError['details'] };
        return new VultrError(kind, message, details);
      }
      return value;
    }) as Pick<FlightResult, 'outcome' | 'startedBy'>;
  } catch {
    return null;
  }
}

function isTagged(value: unknown, tag: string): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && tag in value;
}
