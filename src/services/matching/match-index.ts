/**
 * In-memory inverted index of the published records, for matchmaking: one collection of offers
 * (providers and opportunities) and one of needs. Each record is a weighted feature vector
 * (domain/matching/profile.ts); a query accumulates BM25-style contributions over the postings of
 * its features, then applies the hard constraints and soft bonuses (domain/matching/score.ts) to
 * the best candidates only.
 *
 * The index is loaded from the database when the server starts and kept fresh by the write
 * services (recordChanged / reloadAll), so a change is reflected in the next query without
 * recomputing anything else. Memory: postings are typed arrays (8 bytes per feature of a record).
 */
import { MATCHABLE_STATUSES } from '../../domain/records/statuses.ts';
import type { RecordType } from '../../lib/ids.ts';
import { buildProfile, type MatchProfile, type MatchTags, type ProfileRole } from '../../domain/matching/profile.ts';
import {
  bonuses,
  bonusWeight,
  type Channel,
  contributionTerms,
  type Corpus,
  exclusion,
  type MatchFacts,
  MIN_TOPICAL,
  type QueryTerm,
  BONUS,
} from '../../domain/matching/score.ts';
import { countriesIn } from '../../vocab/catalog.ts';

const CHANNEL_INDEX: Record<Channel, number> = { c: 0, t: 1, s: 2, w: 3 };
const MAX_BONUS = Object.values(BONUS).reduce((a, b) => a + b, 0);

class Postings {
  slots = new Int32Array(4);
  weights = new Float32Array(4);
  size = 0;
  push(slot: number, weight: number): void {
    if (this.size === this.slots.length) {
      const n = this.size * 2;
      const s = new Int32Array(n);
      s.set(this.slots);
      this.slots = s;
      const w = new Float32Array(n);
      w.set(this.weights);
      this.weights = w;
    }
    this.slots[this.size] = slot;
    this.weights[this.size] = weight;
    this.size++;
  }
}

const EMPTY = new Int32Array(0);

/** One side of the matching: a set of records with their postings and statistics. */
export class Collection implements Corpus {
  private ids: string[] = [];
  private facts: Array<MatchFacts | null> = [];
  /** Feature ids of each slot (to update document frequencies on removal). */
  private keys: Int32Array[] = [];
  /** Feature key → id; postings and document frequencies are arrays by feature id. */
  private featureIds = new Map<string, number>();
  private postingLists: Postings[] = [];
  private dfList: number[] = [];
  private lengths = new Float32Array(4 * 1024);
  private slotOf = new Map<string, number>();
  private lengthSums = [0, 0, 0, 0];
  private dead = 0;
  /** Scratch accumulator and list of touched slots, reused across queries. */
  private acc = new Float64Array(1024);
  private touched = new Int32Array(1024);

  get size(): number {
    return this.slotOf.size;
  }

  df(key: string): number {
    const f = this.featureIds.get(key);
    return f === undefined ? 0 : this.dfList[f]!;
  }

  private featureId(key: string): number {
    let f = this.featureIds.get(key);
    if (f === undefined) {
      f = this.postingLists.length;
      this.featureIds.set(key, f);
      this.postingLists.push(new Postings());
      this.dfList.push(0);
    }
    return f;
  }

  avgLength(channel: Channel): number {
    return this.size ? this.lengthSums[CHANNEL_INDEX[channel]]! / this.size : 0;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds a record, replacing an earlier version of it. */
  upsert(profile: MatchProfile): void {
    this.remove(profile.id);
    const slot = this.ids.length;
    const { features, ...facts } = profile;
    this.ids.push(profile.id);
    this.facts.push(internFacts(facts));
    if (this.lengths.length < 4 * (slot + 1)) {
      const grown = new Float32Array(this.lengths.length * 2);
      grown.set(this.lengths);
      this.lengths = grown;
    }
    const keys = new Int32Array(features.size);
    let i = 0;
    for (const [key, weight] of features) {
      const f = this.featureId(key);
      keys[i++] = f;
      this.postingLists[f]!.push(slot, weight);
      this.dfList[f]!++;
      this.lengths[4 * slot + CHANNEL_INDEX[key[0] as Channel]]! += weight;
    }
    this.keys.push(keys);
    for (let c = 0; c < 4; c++) this.lengthSums[c]! += this.lengths[4 * slot + c]!;
    this.slotOf.set(profile.id, slot);
  }

  /** Removes a record (its postings are skipped until the next compaction). */
  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    for (const f of this.keys[slot]!) this.dfList[f]!--;
    for (let c = 0; c < 4; c++) this.lengthSums[c]! -= this.lengths[4 * slot + c]!;
    this.facts[slot] = null;
    this.keys[slot] = EMPTY;
    this.dead++;
    if (this.dead > 1000 && this.dead > this.ids.length / 4) this.compact();
  }

  /** Rewrites the postings without removed records. */
  private compact(): void {
    const remap = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const facts: Array<MatchFacts | null> = [];
    const keys: Int32Array[] = [];
    const lengths = new Float32Array(Math.max(4 * 1024, 4 * this.slotOf.size * 2));
    for (let old = 0; old < this.ids.length; old++) {
      if (!this.facts[old]) continue;
      const slot = ids.length;
      remap[old] = slot;
      ids.push(this.ids[old]!);
      facts.push(this.facts[old]!);
      keys.push(this.keys[old]!);
      lengths.set(this.lengths.subarray(4 * old, 4 * old + 4), 4 * slot);
      this.slotOf.set(this.ids[old]!, slot);
    }
    for (let f = 0; f < this.postingLists.length; f++) {
      const p = this.postingLists[f]!;
      const next = new Postings();
      for (let i = 0; i < p.size; i++) {
        const slot = remap[p.slots[i]!]!;
        if (slot >= 0) next.push(slot, p.weights[i]!);
      }
      this.postingLists[f] = next;
    }
    this.ids = ids;
    this.facts = facts;
    this.keys = keys;
    this.lengths = lengths;
    this.dead = 0;
  }

  /**
   * The best `limit` records for a prepared query: topical fit from the postings, then `accept`
   * (hard constraints and bonus weight; null excludes) on the candidates that can still reach the
   * top: those whose fit plus the largest possible bonus beats the limit-th best fit seen.
   */
  search(query: readonly QueryTerm[], limit: number, accept: (facts: MatchFacts) => number | null): Array<{ id: string; facts: MatchFacts; topical: number; score: number }> {
    const capacity = this.ids.length;
    if (this.acc.length < capacity) {
      this.acc = new Float64Array(capacity * 2);
      this.touched = new Int32Array(capacity * 2);
    }
    const acc = this.acc;
    const touched = this.touched;
    let nTouched = 0;
    for (const q of query) {
      const f = this.featureIds.get(q.key);
      if (f === undefined) continue;
      const p = this.postingLists[f]!;
      const ch = CHANNEL_INDEX[q.channel];
      const avg = this.avgLength(q.channel);
      const slots = p.slots;
      const weights = p.weights;
      const lengths = this.lengths;
      const { a, c0, c1 } = contributionTerms(q, avg); // contribution(), its constants hoisted
      for (let i = 0; i < p.size; i++) {
        const slot = slots[i]!;
        if (acc[slot] === 0) {
          if (!this.facts[slot]) continue;
          touched[nTouched++] = slot;
        }
        const w = weights[i]!;
        acc[slot]! += (a * w) / (w + c0 + c1 * lengths[4 * slot + ch]!);
      }
    }
    // Candidates above the floor, then a threshold that only they can pass.
    const slots = new Int32Array(nTouched);
    const scores = new Float64Array(nTouched);
    let n = 0;
    for (let i = 0; i < nTouched; i++) {
      const slot = touched[i]!;
      if (acc[slot]! >= MIN_TOPICAL) {
        slots[n] = slot;
        scores[n] = acc[slot]!;
        n++;
      }
      acc[slot] = 0;
    }
    // Evaluate from the best fit down, a band of scores at a time, and stop as soon as no
    // candidate left can beat the limit-th best final score even with every bonus.
    const results: Array<{ id: string; facts: MatchFacts; topical: number; score: number }> = [];
    if (n === 0) return results;
    let max = 0;
    for (let i = 0; i < n; i++) if (scores[i]! > max) max = scores[i]!;
    const BANDS = 64;
    const width = (max - MIN_TOPICAL) / BANDS || 1;
    const band = new Uint8Array(n);
    const counts = new Int32Array(BANDS + 1);
    for (let i = 0; i < n; i++) {
      const b = Math.min(BANDS, Math.floor((max - scores[i]!) / width));
      band[i] = b;
      counts[b]!++;
    }
    // Counting sort of the candidates by band.
    const start = new Int32Array(BANDS + 2);
    for (let b = 0; b <= BANDS; b++) start[b + 1] = start[b]! + counts[b]!;
    const order = new Int32Array(n);
    const fill = start.slice(0, BANDS + 1);
    for (let i = 0; i < n; i++) order[fill[band[i]!]!++] = i;
    const finals: number[] = []; // the best `limit` final scores, ascending
    for (let b = 0; b <= BANDS; b++) {
      const top = max - b * width; // no candidate in this band or below has a better fit
      if (finals.length >= limit && top + MAX_BONUS < finals[0]!) break;
      for (let j = start[b]!; j < start[b + 1]!; j++) {
        const i = order[j]!;
        const facts = this.facts[slots[i]!]!;
        const bonus = accept(facts);
        if (bonus === null) continue;
        const score = scores[i]! + bonus;
        results.push({ id: this.ids[slots[i]!]!, facts, topical: scores[i]!, score });
        if (finals.length < limit) {
          finals.push(score);
          finals.sort((x, y) => x - y);
        } else if (score > finals[0]!) {
          finals[0] = score;
          finals.sort((x, y) => x - y);
        }
      }
    }
    return results.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  /** Approximate memory held, for reports. */
  stats(): { records: number; features: number; postings: number } {
    let postings = 0;
    for (const p of this.postingLists) postings += p.size;
    return { records: this.size, features: this.featureIds.size, postings };
  }
}

// Country codes, languages and ids repeat across records: share one string each.
const pool = new Map<string, string>();
function intern(s: string): string {
  const found = pool.get(s);
  if (found !== undefined) return found;
  pool.set(s, s);
  return s;
}
function internFacts(f: MatchFacts): MatchFacts {
  const arr = (xs: string[]) => xs.map(intern);
  return {
    ...f,
    status: intern(f.status),
    language: intern(f.language),
    countries: arr(f.countries),
    served: arr(f.served),
    areasServed: arr(f.areasServed),
    languages: arr(f.languages),
    assistance: arr(f.assistance),
    assistanceFree: arr(f.assistanceFree),
    eligibleOrganisationTypes: arr(f.eligibleOrganisationTypes),
  };
}

/** A stored record as the index loads it. */
export interface IndexRow {
  id: string;
  status: string;
  doc: Record<string, unknown>;
  matchTags: MatchTags;
}

const expand = (area: string) => countriesIn(area) ?? [];

/** The profile of a stored record. */
export function profileOf(type: RecordType, row: IndexRow, role: ProfileRole = 'candidate'): MatchProfile {
  return buildProfile(type, row.id, row.doc, row.matchTags, expand, role);
}

/** Both sides of the matching. Only published records are held. */
export class MatchIndex {
  offers = new Collection();
  needs = new Collection();
  /** Kind of each offer (provider/opportunity), for the kind filter. */
  private offerType = new Map<string, RecordType>();

  /** Puts a record in (when published) or takes it out. */
  apply(type: RecordType, row: IndexRow | null, id: string): void {
    const side = type === 'need' ? this.needs : this.offers;
    if (!row || !MATCHABLE_STATUSES[type].includes(row.status)) {
      side.remove(id);
      this.offerType.delete(id);
      return;
    }
    side.upsert(profileOf(type, row));
    if (type !== 'need') this.offerType.set(id, type);
  }

  /** Takes every record of a type out (before reloading them). */
  clear(type: RecordType): void {
    if (type === 'need') {
      this.needs = new Collection();
      return;
    }
    for (const [id, t] of [...this.offerType]) {
      if (t !== type) continue;
      this.offers.remove(id);
      this.offerType.delete(id);
    }
  }

  /** Offers for a need, best first, with the bonuses each earns. */
  offersFor(need: MatchProfile, query: readonly QueryTerm[], options: { limit: number; kind: 'provider' | 'opportunity' | 'all'; today: string }) {
    const hits = this.offers.search(query, options.limit, (offer) => {
      if (options.kind !== 'all' && offer.type !== options.kind) return null;
      const providerPublished = offer.type !== 'opportunity' || (offer.providerId !== null && this.offers.has(offer.providerId));
      if (exclusion(need, offer, options.today, { candidate: 'offer', providerPublished })) return null;
      return bonusWeight(need, offer);
    });
    return hits.map((h) => ({ ...h, bonuses: bonuses(need, h.facts) }));
  }

  /** Needs an offer (provider or opportunity) could answer, best first, with the bonuses each earns. */
  needsFor(offer: MatchProfile, query: readonly QueryTerm[], options: { limit: number; today: string }) {
    const hits = this.needs.search(query, options.limit, (need) => {
      if (exclusion(need, offer, options.today, { candidate: 'need' })) return null;
      return bonusWeight(need, offer);
    });
    return hits.map((h) => ({ ...h, bonuses: bonuses(h.facts, offer) }));
  }

  stats() {
    return { offers: this.offers.stats(), needs: this.needs.stats() };
  }
}
