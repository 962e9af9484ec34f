/**
 * How well an offer (provider or opportunity) fits a need, and why. Pure functions shared by the
 * in-memory index (which ranks) and the explanation of each suggestion (which must agree with it).
 *
 * score = topical fit (0..1) + small bonuses for soft preferences.
 * Topical fit is a BM25-style sum over four channels of features — concepts found in the texts
 * (`c:`), GBF targets (`t:`), CBD subjects (`s:`) and text terms (`w:`, same-language words) — each
 * channel normalised by the query's own weight in it, then weighted; channels the query has nothing
 * in are left out of the weighting, so a need without tags is judged on its text alone.
 */
import { MATCHABLE_STATUSES } from '../records/statuses.ts';
import { countriesIn } from '../../vocab/catalog.ts';
import type { MatchProfile } from './profile.ts';

export type Channel = 'c' | 't' | 's' | 'w';
export const CHANNELS: readonly Channel[] = ['c', 't', 's', 'w'];

/** Relative weight of each channel in the topical fit. */
export const CHANNEL_WEIGHTS: Readonly<Record<Channel, number>> = { c: 1, t: 0.45, s: 0.25, w: 0.6 };
export const K1 = 1.2;
export const B = 0.5;
/** Text terms found in more than this share of the records carry no signal and are skipped (speed). */
export const MAX_TERM_SHARE = 0.2;
/** At most this many text terms of the query are used: the most specific ones. */
export const MAX_QUERY_TERMS = 60;
/** Below this topical fit a record is not suggested, whatever the bonuses. */
export const MIN_TOPICAL = 0.03;

export const BONUS = {
  assistanceType: 0.03,
  freeOfCharge: 0.01,
  language: 0.015,
  region: 0.015,
  southSouth: 0.01,
} as const;

/** Collection statistics the scores need. */
export interface Corpus {
  /** Number of records. */
  size: number;
  /** Records having the feature. */
  df(key: string): number;
  /** Mean per-channel feature weight of a record. */
  avgLength(channel: Channel): number;
}

export function channelOf(key: string): Channel {
  return key[0] as Channel;
}

export function idf(df: number, size: number): number {
  return Math.log(1 + (size - df + 0.5) / (df + 0.5));
}

/** Per-channel sum of feature weights of a record (BM25 "document length"). */
export function channelLengths(features: ReadonlyMap<string, number>): Record<Channel, number> {
  const out: Record<Channel, number> = { c: 0, t: 0, s: 0, w: 0 };
  for (const [key, w] of features) out[channelOf(key)] += w;
  return out;
}

/** One query feature, ready to score: its weight already includes idf and channel normalisation. */
export interface QueryTerm {
  key: string;
  channel: Channel;
  /** Multiplier for a candidate's saturated feature weight. */
  factor: number;
}

/**
 * The query side of the topical fit: which features count and by how much. Features no record
 * has are dropped, so are text terms too common to mean anything (MAX_TERM_SHARE); only the
 * MAX_QUERY_TERMS most specific text terms are kept.
 */
export function prepareQuery(features: ReadonlyMap<string, number>, corpus: Corpus): QueryTerm[] {
  const size = Math.max(corpus.size, 1);
  const raw: Array<{ key: string; channel: Channel; w: number }> = [];
  const words: Array<{ key: string; w: number }> = [];
  for (const [key, qw] of features) {
    const channel = channelOf(key);
    const df = corpus.df(key);
    if (df === 0) continue; // no record has it: it can match nothing, and would only dilute the rest
    if (channel === 'w') {
      if (df > MAX_TERM_SHARE * size) continue;
      words.push({ key, w: qw * idf(df, size) });
    } else {
      raw.push({ key, channel, w: qw * idf(df, size) });
    }
  }
  words.sort((a, b) => b.w - a.w || (a.key < b.key ? -1 : 1));
  for (const w of words.slice(0, MAX_QUERY_TERMS)) raw.push({ key: w.key, channel: 'w', w: w.w });

  // Normalise each channel by the query's own mass in it, so channels are comparable.
  const mass: Record<Channel, number> = { c: 0, t: 0, s: 0, w: 0 };
  for (const r of raw) mass[r.channel] += r.w;
  const active = CHANNELS.filter((c) => mass[c] > 0);
  const totalWeight = active.reduce((sum, c) => sum + CHANNEL_WEIGHTS[c], 0);
  return raw.map((r) => ({
    key: r.key,
    channel: r.channel,
    factor: (r.w / mass[r.channel]) * (CHANNEL_WEIGHTS[r.channel] / totalWeight) / (K1 + 1),
  }));
}

/**
 * The constants of one query feature's contribution, so that a candidate of feature weight w and
 * channel length len adds a·w / (w + c0 + c1·len) — BM25's factor·(K1+1)·w / (w + K1·(1 − B + B·len/avg)).
 * The index computes them once per feature and walks its postings with them.
 */
export function contributionTerms(q: QueryTerm, avgLength: number): { a: number; c0: number; c1: number } {
  return { a: q.factor * (K1 + 1), c0: avgLength > 0 ? K1 * (1 - B) : K1, c1: avgLength > 0 ? (K1 * B) / avgLength : 0 };
}

/** A candidate's contribution for one shared feature. */
export function contribution(q: QueryTerm, candidateWeight: number, candidateLength: number, avgLength: number): number {
  const { a, c0, c1 } = contributionTerms(q, avgLength);
  return (a * candidateWeight) / (candidateWeight + c0 + c1 * candidateLength);
}

/** Topical fit of a candidate and what each shared feature contributed. */
export function topicalFit(
  query: readonly QueryTerm[],
  candidate: ReadonlyMap<string, number>,
  corpus: Corpus,
): { score: number; parts: Array<{ key: string; value: number }> } {
  const lengths = channelLengths(candidate);
  const parts: Array<{ key: string; value: number }> = [];
  let score = 0;
  for (const q of query) {
    const w = candidate.get(q.key);
    if (!w) continue;
    const value = contribution(q, w, lengths[q.channel], corpus.avgLength(q.channel));
    score += value;
    parts.push({ key: q.key, value });
  }
  return { score, parts: parts.sort((a, b) => b.value - a.value) };
}

/** The facts about a record that constrain or favour a match (a profile without its features). */
export type MatchFacts = Omit<MatchProfile, 'features'>;

/**
 * Why a candidate must never be suggested, or null when it may be. The candidate (the need, or the
 * offer) must be published; the record asking may be in any state its reader can see (a draft's
 * author may preview its matches). An opportunity must also be open (deadline not passed), offered
 * by a published provider, and its eligibility must include one of the requesting countries and
 * the requesting organisation's type.
 */
export function exclusion(
  need: MatchFacts,
  offer: MatchFacts,
  today: string,
  options: { candidate: 'need' | 'offer'; providerPublished?: boolean },
): string | null {
  if (options.candidate === 'need' && !MATCHABLE_STATUSES.need.includes(need.status)) return 'need not published';
  if (options.candidate === 'offer' && offer.status !== 'published') return `${offer.type} not published`;
  if (offer.type !== 'opportunity') return null;
  if (options.providerPublished === false) return 'provider not published';
  if (offer.deadline && offer.deadline < today) return 'deadline passed';
  if (!offer.countries.includes('*') && !need.countries.some((c) => offer.countries.includes(c))) return 'country not eligible';
  if (offer.eligibleOrganisationTypes.length && !(need.organisationType && offer.eligibleOrganisationTypes.includes(need.organisationType))) {
    return 'organisation type not eligible';
  }
  return null;
}

/** A soft preference met, with what it adds to the score. */
export type Bonus =
  | { type: 'assistanceType'; id: string; free: boolean; weight: number }
  | { type: 'language'; id: string; weight: number }
  | { type: 'region'; id: string; weight: number }
  | { type: 'southSouth'; weight: number };

const DEVELOPING = 'GROUP-DEVELOPING';
let developing: Set<string> | undefined;
function isDeveloping(country: string): boolean {
  developing ??= new Set(countriesIn(DEVELOPING) ?? []);
  return developing.has(country);
}

/**
 * Soft preferences an offer meets for a need: assistance of the kind wanted (more when free of
 * charge), the need's language among its working languages, serving the requesting country, and
 * South-South cooperation (both sides in developing countries).
 */
export function bonuses(need: MatchFacts, offer: MatchFacts): Bonus[] {
  const out: Bonus[] = [];
  const wanted = need.assistance.filter((a) => offer.assistance.includes(a));
  if (wanted.length) {
    const freeOne = wanted.find((a) => offer.assistanceFree.includes(a));
    const id = freeOne ?? wanted[0]!;
    out.push({ type: 'assistanceType', id, free: Boolean(freeOne), weight: BONUS.assistanceType + (freeOne ? BONUS.freeOfCharge : 0) });
  }
  if (need.language && offer.languages.includes(need.language)) out.push({ type: 'language', id: need.language, weight: BONUS.language });
  if (offer.type === 'provider') {
    const country = need.countries.find((c) => offer.served.includes(c));
    if (country) out.push({ type: 'region', id: servedArea(offer, country), weight: BONUS.region });
    const home = offer.countries[0];
    if (home && !need.countries.includes(home) && isDeveloping(home) && need.countries.some(isDeveloping)) {
      out.push({ type: 'southSouth', weight: BONUS.southSouth });
    }
  }
  return out;
}

/**
 * The total of bonuses(need, offer) without building the list (the index calls this for many
 * candidates; the list is built for the few it returns). Must agree with bonuses().
 */
export function bonusWeight(need: MatchFacts, offer: MatchFacts): number {
  let total = 0;
  let wanted = false;
  let free = false;
  for (const a of need.assistance) {
    if (!offer.assistance.includes(a)) continue;
    wanted = true;
    if (offer.assistanceFree.includes(a)) {
      free = true;
      break;
    }
  }
  if (wanted) total += BONUS.assistanceType + (free ? BONUS.freeOfCharge : 0);
  if (need.language && offer.languages.includes(need.language)) total += BONUS.language;
  if (offer.type === 'provider') {
    let served = false;
    for (const c of need.countries) if (offer.served.includes(c)) served = true;
    if (served) total += BONUS.region;
    const home = offer.countries[0];
    if (home && !need.countries.includes(home) && isDeveloping(home) && need.countries.some(isDeveloping)) total += BONUS.southSouth;
  }
  return total;
}

export function bonusTotal(list: readonly Bonus[]): number {
  return list.reduce((sum, b) => sum + b.weight, 0);
}

/** How an offer serves a country: the country itself when listed, else the smallest listed area containing it. */
function servedArea(offer: MatchFacts, country: string): string {
  if (offer.areasServed.includes(country)) return country;
  let best: { id: string; size: number } | undefined;
  for (const area of offer.areasServed) {
    const members = countriesIn(area);
    if (members?.includes(country) && (!best || members.length < best.size)) best = { id: area, size: members.length };
  }
  return best?.id ?? country;
}
