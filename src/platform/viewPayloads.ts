import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';

/**
 * The parts of a view_submission the bot reads. The payload is untrusted like any click: it is
 * parsed with zod and bounded, and a payload that does not fit is refused, never thrown.
 */

const MAX_FIELD = 3000;

const textValue = z.looseObject({ value: z.string().max(MAX_FIELD).nullish() });
const checkboxValue = z.looseObject({
  selected_options: z
    .array(z.looseObject({ value: z.string().max(150) }))
    .max(10)
    .nullish(),
});

const selectValue = z.looseObject({ selected_option: z.looseObject({ value: z.string().max(150) }).nullish() });

const submissionSchema = z.looseObject({
  user: z.looseObject({ id: z.string().regex(/^[UW][A-Z0-9]{2,30}$/) }),
  view: z.looseObject({
    id: z.string().min(1).max(255),
    private_metadata: z.string().max(3000).optional(),
    state: z.looseObject({ values: z.record(z.string().max(255), z.record(z.string().max(255), z.unknown())) }),
  }),
});

/** What a view_submission listener gets. */
export type ViewSubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface Submission {
  user: string;
  viewId: string;
  /** The text of an input (block_id = action_id); '' when empty or absent. */
  text(blockId: string): string;
  /** Whether an input's single checkbox is ticked. */
  checked(blockId: string): boolean;
  /** The value of a select's chosen option; null when none is chosen or absent. */
  selected(blockId: string): string | null;
  /** What the bot put in the view's private_metadata when it opened it ('' when nothing). */
  metadata: string;
}

export function parseSubmission(body: unknown): Submission | null {
  const parsed = submissionSchema.safeParse(body);
  if (!parsed.success) return null;
  const values = parsed.data.view.state.values;
  const field = (blockId: string) => values[blockId]?.[blockId];
  return {
    user: parsed.data.user.id,
    viewId: parsed.data.view.id,
    metadata: parsed.data.view.private_metadata ?? '',
    text: (blockId) => {
      const value = textValue.safeParse(field(blockId));
      return value.success ? (value.data.value ?? '') : '';
    },
    checked: (blockId) => {
      const value = checkboxValue.safeParse(field(blockId));
      return value.success && (value.data.selected_options ?? []).some((o) => o.value === 'yes');
    },
    selected: (blockId) => {
      const value = selectValue.safeParse(field(blockId));
      return value.success ? (value.data.selected_option?.value ?? null) : null;
    },
  };
}
