/**
 * Tags to suggest for a record: the concepts found in its text, and the GBF targets and CBD subject
 * areas those concepts point to that the record does not carry yet.
 */
import type { RecordType } from '../../lib/ids.ts';
import { impliedTags, tagRecordText } from './tagger.ts';
import { matchText } from './profile.ts';

export interface SuggestedTags {
  concepts: Array<{ id: string; weight: number }>;
  targets: Array<{ id: string; weight: number }>;
  subjects: Array<{ id: string; weight: number }>;
}

/** Targets and subjects need this much evidence (one clear mention is 1) to be suggested. */
const MIN_EVIDENCE = 0.9;
const MAX_SUGGESTED = { concepts: 15, targets: 5, subjects: 5 } as const;

/** Suggestions from a title/expertise text and a body text. `have` lists targets and subjects already tagged. */
export function suggestFromText(strong: string, body: string, language: string, have: { targets?: string[]; subjects?: string[] } = {}): SuggestedTags {
  const hits = tagRecordText(strong, body, language);
  const implied = impliedTags(hits);
  const ranked = (m: Map<string, number>, skip: string[] | undefined, max: number) =>
    [...m]
      .filter(([id, w]) => w >= MIN_EVIDENCE && !(skip ?? []).includes(id))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, max)
      .map(([id, w]) => ({ id, weight: Math.round(w * 100) / 100 }));
  return {
    concepts: hits.slice(0, MAX_SUGGESTED.concepts).map((h) => ({ id: h.id, weight: h.weight })),
    targets: ranked(implied.targets, have.targets, MAX_SUGGESTED.targets),
    subjects: ranked(implied.subjects, have.subjects, MAX_SUGGESTED.subjects),
  };
}

/** Suggestions for a stored or submitted record. */
export function suggestTags(type: RecordType, doc: Record<string, unknown>): SuggestedTags {
  const { strong, body } = matchText(type, doc);
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  return suggestFromText(strong, body, String(doc.language ?? ''), { targets: list(doc.targets), subjects: list(doc.subjects) });
}
