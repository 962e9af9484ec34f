import type { RecordType } from '../../lib/ids.ts';

// Lifecycle states per registry. The full need lifecycle (transitions, who may move a record) comes
// with the support-centre workflow; adding a state here and in the matching vocabulary is enough.
export const NEED_STATUSES = ['draft', 'submitted', 'under_review', 'published', 'matched', 'in_progress', 'completed', 'closed', 'withdrawn'] as const;
export const PROVIDER_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export const OPPORTUNITY_STATUSES = ['draft', 'published', 'closed', 'withdrawn'] as const;

export const STATUSES: Record<RecordType, readonly string[]> = {
  need: NEED_STATUSES,
  provider: PROVIDER_STATUSES,
  opportunity: OPPORTUNITY_STATUSES,
};

/** States in which a record is visible to everyone, without signing in. */
export const PUBLIC_STATUSES: Record<RecordType, readonly string[]> = {
  need: ['published', 'matched', 'in_progress', 'completed', 'closed'],
  provider: ['published'],
  opportunity: ['published', 'closed'],
};

/** The vocabulary that lists a registry's statuses with labels. */
export const STATUS_VOCABULARY: Record<RecordType, string> = {
  need: 'need-statuses',
  provider: 'provider-statuses',
  opportunity: 'opportunity-statuses',
};

/** Whether a record in `status` may be read by anyone. */
export function isPublicStatus(type: RecordType, status: string): boolean {
  return PUBLIC_STATUSES[type].includes(status);
}
