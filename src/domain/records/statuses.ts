import type { RecordType } from '../../lib/ids.ts';
import { MATCHABLE_NEED_STATES, NEED_STATES, PUBLIC_NEED_STATES } from '../lifecycle/need-lifecycle.ts';

// Lifecycle states per registry. A request's states and the moves between them are the state
// machine in domain/lifecycle/need-lifecycle.ts; a state's label is in its status vocabulary.
export const NEED_STATUSES = NEED_STATES;
export const PROVIDER_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export const OPPORTUNITY_STATUSES = ['draft', 'published', 'closed', 'withdrawn'] as const;

export const STATUSES: Record<RecordType, readonly string[]> = {
  need: NEED_STATUSES,
  provider: PROVIDER_STATUSES,
  opportunity: OPPORTUNITY_STATUSES,
};

/** States in which a record is visible to everyone, without signing in. */
export const PUBLIC_STATUSES: Record<RecordType, readonly string[]> = {
  need: PUBLIC_NEED_STATES,
  provider: ['published'],
  opportunity: ['published', 'closed'],
};

/** The vocabulary that lists a registry's statuses with labels. */
export const STATUS_VOCABULARY: Record<RecordType, string> = {
  need: 'need-statuses',
  provider: 'provider-statuses',
  opportunity: 'opportunity-statuses',
};

/** States in which a record takes part in matchmaking (the index, suggestions): a request still looking for partners, a published offer. */
export const MATCHABLE_STATUSES: Record<RecordType, readonly string[]> = {
  need: MATCHABLE_NEED_STATES,
  provider: ['published'],
  opportunity: ['published'],
};

/** Whether a record in `status` may be read by anyone. */
export function isPublicStatus(type: RecordType, status: string): boolean {
  return PUBLIC_STATUSES[type].includes(status);
}
