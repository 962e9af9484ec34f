/**
 * Suggestions for a record: for a need, the providers and open opportunities that fit it; for a
 * provider or an opportunity, the needs it could answer. Each suggestion carries its reasons.
 */
import { findMatchRows, type MatchRow } from '../../db/queries/matching.ts';
import { matchText, type MatchProfile } from '../../domain/matching/profile.ts';
import { bonusReason, type Perspective, type Reason, textReason, topicalReason } from '../../domain/matching/reasons.ts';
import { type Corpus, prepareQuery, type QueryTerm, topicalFit } from '../../domain/matching/score.ts';
import { indexTerms, tokenize } from '../../domain/text/analyze.ts';
import { AppError } from '../../lib/errors.ts';
import { type RecordType, recordTypeOfId } from '../../lib/ids.ts';
import { canRead } from '../../policies/records.ts';
import type { UiLanguage } from '../../vocab/catalog.ts';
import type { ServiceContext } from '../context.ts';
import { profileOf } from './match-index.ts';
import { tagsOf } from './matching.ts';

export type MatchKind = 'provider' | 'opportunity' | 'all';

export interface MatchItem {
  kind: RecordType;
  id: string;
  title: string;
  score: number;
  reasons: Reason[];
}

export interface MatchOptions {
  limit: number;
  /** For a need: which offers to suggest. */
  kind: MatchKind;
  lang: UiLanguage;
}

const MAX_TOPICAL_REASONS = { concept: 3, target: 2, subject: 2 } as const;
const MAX_TEXT_TERMS = 6;

/** Throws not_found when the record does not exist or the caller may not read it. */
export async function findMatches(ctx: ServiceContext, type: RecordType, id: string, options: MatchOptions): Promise<{ items: MatchItem[] }> {
  const matching = ctx.matching;
  if (!matching) throw new AppError('unavailable', 'Matchmaking is not available in this process');
  const [row] = await findMatchRows(ctx.db, type, [id]);
  if (!row || !canRead(ctx.actor, type, row)) throw new AppError('not_found', `No ${type} has the id "${id}"`);
  await matching.ready();

  const index = matching.index;
  const profile = profileOf(type, { ...row, matchTags: tagsOf(type, row) }, 'query');
  const corpus: Corpus = type === 'need' ? index.offers : index.needs;
  const query = prepareQuery(profile.features, corpus);
  const today = ctx.now().toISOString().slice(0, 10);
  const hits =
    type === 'need'
      ? index.offersFor(profile, query, { limit: options.limit, kind: options.kind, today })
      : index.needsFor(profile, query, { limit: options.limit, today });

  // Explain: read the suggested records and recompute each contribution.
  const byType = new Map<RecordType, string[]>();
  for (const h of hits) {
    const t = recordTypeOfId(h.id) ?? 'need';
    byType.set(t, [...(byType.get(t) ?? []), h.id]);
  }
  const rows = new Map<string, { type: RecordType; row: MatchRow }>();
  for (const [t, ids] of byType) for (const r of await findMatchRows(ctx.db, t, ids)) rows.set(r.id, { type: t, row: r });

  const surface = surfaceWords(type, row);
  const perspective: Perspective = type === 'need' ? 'need' : 'offer';
  const items: MatchItem[] = [];
  for (const h of hits) {
    const found = rows.get(h.id);
    if (!found) continue; // changed in between; the index catches up on its own
    const candidate = profileOf(found.type, { ...found.row, matchTags: tagsOf(found.type, found.row) });
    const reasons = explain(query, candidate, corpus, surface, options.lang);
    const needCountry = perspective === 'offer' ? candidate.countries.find((c) => profile.served.includes(c)) : undefined;
    // What both are about first, then the preferences met; each group by weight.
    reasons.sort((a, b) => b.weight - a.weight);
    const preferences = h.bonuses.map((b) => bonusReason(b, perspective, options.lang, needCountry)).sort((a, b) => b.weight - a.weight);
    items.push({ kind: found.type, id: h.id, title: found.row.title, score: round(h.score), reasons: [...reasons, ...preferences] });
  }
  return { items };
}

/** Topical reasons: the concepts, targets and subjects both share, and their words in common. */
function explain(query: readonly QueryTerm[], candidate: MatchProfile, corpus: Corpus, surface: Map<string, string>, lang: UiLanguage): Reason[] {
  const fit = topicalFit(query, candidate.features, corpus);
  const reasons: Reason[] = [];
  const counts = { concept: 0, target: 0, subject: 0 };
  const words: string[] = [];
  let wordWeight = 0;
  for (const part of fit.parts) {
    if (part.key.startsWith('w:')) {
      wordWeight += part.value;
      const word = surface.get(part.key.slice(2));
      if (word && !words.includes(word) && words.length < MAX_TEXT_TERMS) words.push(word);
      continue;
    }
    const reason = topicalReason(part.key, round(part.value), lang);
    const kind = reason.type as keyof typeof counts;
    if (counts[kind] >= MAX_TOPICAL_REASONS[kind]) continue;
    const same = reasons.find((r) => r.text === reason.text); // a concept and a subject may share a label
    if (same) {
      same.weight = round(same.weight + reason.weight);
      continue;
    }
    counts[kind]++;
    reasons.push(reason);
  }
  if (words.length && wordWeight > 0) reasons.push(textReason(words, round(wordWeight), lang));
  return reasons;
}

/** Index term → a word of the record's own text that produced it, as written, to show shared words. */
function surfaceWords(type: RecordType, row: MatchRow): Map<string, string> {
  const { strong, body } = matchText(type, row.doc);
  const language = String(row.doc.language ?? '');
  const out = new Map<string, string>();
  for (const raw of `${strong}\n${body}`.split(/[^\p{L}\p{N}\p{M}]+/u)) {
    if (!raw) continue;
    for (const tok of tokenize(raw)) {
      if (tok.script === 'cjk') {
        const chars = Array.from(tok.text);
        for (let i = 0; i + 1 < chars.length; i++) {
          const bigram = chars[i]! + chars[i + 1]!;
          if (!out.has(bigram)) out.set(bigram, bigram);
        }
        continue;
      }
      if (tok.text.length < 3) continue; // "ha", "de": not worth showing
      for (const term of indexTerms(tok.text, language)) if (!out.has(term)) out.set(term, raw);
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
