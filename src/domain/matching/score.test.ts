import { describe, expect, it } from 'vitest';
import { bonuses, bonusTotal, bonusWeight, channelLengths, type Corpus, exclusion, type MatchFacts, prepareQuery, topicalFit } from './score.ts';

const need = (over: Partial<MatchFacts> = {}): MatchFacts => ({
  type: 'need',
  id: 'need-a',
  status: 'published',
  language: 'fr',
  countries: ['TN'],
  served: [],
  areasServed: [],
  languages: ['fr'],
  assistance: ['ASSIST-TRAINING', 'ASSIST-EXPERT-ADVICE'],
  assistanceFree: [],
  organisationType: 'ORG-GOV-NATIONAL',
  eligibleOrganisationTypes: [],
  deadline: null,
  providerId: null,
  ...over,
});
const provider = (over: Partial<MatchFacts> = {}): MatchFacts =>
  need({ type: 'provider', id: 'prov-a', countries: ['JO'], served: ['TN', 'MA'], areasServed: ['M49-015'], languages: ['ar', 'en', 'fr'], assistance: ['ASSIST-TRAINING'], assistanceFree: ['ASSIST-TRAINING'], organisationType: null, ...over });
const opportunity = (over: Partial<MatchFacts> = {}): MatchFacts =>
  need({ type: 'opportunity', id: 'opp-a', countries: ['*'], languages: ['en'], assistance: ['ASSIST-TRAINING'], assistanceFree: [], organisationType: null, deadline: '2027-03-31', providerId: 'prov-a', ...over });

describe('hard constraints', () => {
  const today = '2027-01-15';
  it('suggests only published candidates, but lets a draft need see its matches', () => {
    expect(exclusion(need(), provider({ status: 'withdrawn' }), today, { candidate: 'offer' })).toBe('provider not published');
    expect(exclusion(need({ status: 'draft' }), provider(), today, { candidate: 'offer' })).toBeNull();
    expect(exclusion(need({ status: 'closed' }), provider(), today, { candidate: 'need' })).toBe('need not published');
  });
  it('refuses an opportunity past its deadline, of an unpublished provider, or not open to the requester', () => {
    expect(exclusion(need(), opportunity(), today, { candidate: 'offer' })).toBeNull();
    expect(exclusion(need(), opportunity({ deadline: '2027-01-14' }), today, { candidate: 'offer' })).toBe('deadline passed');
    expect(exclusion(need(), opportunity({ deadline: '2027-01-15' }), today, { candidate: 'offer' })).toBeNull();
    expect(exclusion(need(), opportunity(), today, { candidate: 'offer', providerPublished: false })).toBe('provider not published');
    expect(exclusion(need(), opportunity({ countries: ['ML', 'NE'] }), today, { candidate: 'offer' })).toBe('country not eligible');
    expect(exclusion(need({ countries: ['ML', 'TN'] }), opportunity({ countries: ['TN'] }), today, { candidate: 'offer' })).toBeNull();
    expect(exclusion(need(), opportunity({ eligibleOrganisationTypes: ['ORG-ACADEMIC'] }), today, { candidate: 'offer' })).toBe('organisation type not eligible');
    expect(exclusion(need({ organisationType: null }), opportunity({ eligibleOrganisationTypes: ['ORG-ACADEMIC'] }), today, { candidate: 'offer' })).toBe('organisation type not eligible');
  });
});

describe('soft preferences', () => {
  it('names each preference met, with the most specific area served', () => {
    const list = bonuses(need(), provider({ served: ['TN'], areasServed: ['M49-015', 'M49-002'] }));
    expect(list.map((b) => b.type)).toEqual(['assistanceType', 'language', 'region', 'southSouth']);
    expect(list[0]).toMatchObject({ id: 'ASSIST-TRAINING', free: true });
    expect(list[2]).toMatchObject({ id: 'M49-015' });
  });
  it('prefers naming a country the provider lists itself', () => {
    expect(bonuses(need(), provider({ areasServed: ['TN', 'M49-015'] })).find((b) => b.type === 'region')).toMatchObject({ id: 'TN' });
  });
  it('gives no South-South bonus when the provider is in a developed country or in the same country', () => {
    expect(bonuses(need(), provider({ countries: ['FR'] })).some((b) => b.type === 'southSouth')).toBe(false);
    expect(bonuses(need(), provider({ countries: ['TN'] })).some((b) => b.type === 'southSouth')).toBe(false);
  });
  it('adds up in bonusWeight exactly as the list does', () => {
    const cases: Array<[MatchFacts, MatchFacts]> = [
      [need(), provider()],
      [need({ assistance: [] }), provider()],
      [need({ language: 'zh' }), provider({ assistanceFree: [] })],
      [need(), provider({ countries: ['DE'], served: [] })],
      [need(), opportunity()],
      [need({ language: 'en' }), opportunity({ assistanceFree: ['ASSIST-TRAINING'] })],
    ];
    for (const [n, o] of cases) expect(bonusWeight(n, o)).toBeCloseTo(bonusTotal(bonuses(n, o)), 10);
  });
});

describe('topical fit', () => {
  const corpus = (df: Record<string, number>, size = 100): Corpus => ({ size, df: (k) => df[k] ?? 0, avgLength: () => 5 });

  it('weighs rare shared features above common ones', () => {
    const c = corpus({ 'c:CONCEPT-MANGROVES': 2, 'c:CONCEPT-FORESTS': 60 });
    const q = prepareQuery(new Map([['c:CONCEPT-MANGROVES', 1], ['c:CONCEPT-FORESTS', 1]]), c);
    const rare = topicalFit(q, new Map([['c:CONCEPT-MANGROVES', 1]]), c).score;
    const common = topicalFit(q, new Map([['c:CONCEPT-FORESTS', 1]]), c).score;
    expect(rare).toBeGreaterThan(common);
  });

  it('stays within 0..1, reaching near 1 only when everything the query has is shared strongly', () => {
    const c = corpus({ 'c:CONCEPT-MANGROVES': 2, 't:GBF-TARGET-02': 10, 'w:mangrov': 3 });
    const features = new Map([['c:CONCEPT-MANGROVES', 1.5], ['t:GBF-TARGET-02', 1], ['w:mangrov', 2]]);
    const q = prepareQuery(features, c);
    const self = topicalFit(q, new Map([['c:CONCEPT-MANGROVES', 5], ['t:GBF-TARGET-02', 5], ['w:mangrov', 5]]), c).score;
    expect(self).toBeGreaterThan(0.6);
    expect(self).toBeLessThanOrEqual(1);
    expect(topicalFit(q, new Map(), c).score).toBe(0);
  });

  it('drops words too common to mean anything, and channels the query has nothing in', () => {
    const c = corpus({ 'w:biodivers': 90, 'c:CONCEPT-MANGROVES': 5 });
    const q = prepareQuery(new Map([['w:biodivers', 1], ['c:CONCEPT-MANGROVES', 1]]), c);
    expect(q.map((t) => t.key)).toEqual(['c:CONCEPT-MANGROVES']);
    // Alone in play, the concept channel carries the whole weight.
    expect(q[0]!.factor).toBeCloseTo(1 / 2.2, 10);
  });

  it('normalises by the candidate’s length: a generalist tagged with everything gains less from one match', () => {
    const c: Corpus = { size: 100, df: () => 5, avgLength: () => 3 };
    const q = prepareQuery(new Map([['c:CONCEPT-MANGROVES', 1]]), c);
    const focused = topicalFit(q, new Map([['c:CONCEPT-MANGROVES', 1]]), c).score;
    const generalist = topicalFit(q, new Map([['c:CONCEPT-MANGROVES', 1], ...Array.from({ length: 20 }, (_, i) => [`c:CONCEPT-X${i}`, 1] as [string, number])]), c).score;
    expect(generalist).toBeLessThan(focused);
    expect(channelLengths(new Map([['c:A', 1], ['w:x', 2]]))).toEqual({ c: 1, t: 0, s: 0, w: 2 });
  });
});
