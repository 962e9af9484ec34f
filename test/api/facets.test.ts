import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needInput, opportunityInput, providerInput } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const ids = {} as Record<string, string>;

// Five published needs (TN twice, DZ, JO, CN), two submitted (FJ, TN) and a draft (BR).
const NEEDS = {
  tn1: needInput(),
  tn2: needInput({
    title: 'Évaluer la gestion des aires protégées côtières',
    description: "Nous voulons évaluer l'efficacité de gestion des aires marines protégées du golfe de Gabès et former leurs gestionnaires.",
    targets: ['GBF-TARGET-03'],
    subjects: ['CBD-SUBJECT-PA'],
    assistanceTypes: ['ASSIST-TRAINING'],
  }),
  dz: needInput({
    title: 'Inventaire des zones humides des hauts plateaux',
    description: 'Les chotts et sebkhas des hauts plateaux manquent d’inventaire ; nous cherchons un appui pour cartographier leurs habitats.',
    countries: ['DZ'],
    assistanceTypes: ['ASSIST-EXPERT-ADVICE'],
  }),
  jo: needInput({
    title: 'إعادة تأهيل المراعي المتدهورة في المناطق الجافة',
    description: 'تعاني المراعي في البادية من الرعي الجائر والتصحر، ونحتاج إلى خبرة في إعادة تأهيل الغطاء النباتي وبنوك البذور المحلية.',
    language: 'ar',
    countries: ['JO'],
    organisation: { name: 'وزارة البيئة', type: 'ORG-GOV-NATIONAL' },
    assistanceTypes: ['ASSIST-EXPERT-ADVICE'],
  }),
  cn: needInput({
    title: '利用环境DNA监测外来入侵物种',
    description: '我们需要关于环境DNA方法的培训，以监测沿海湿地和红树林中的外来入侵物种，并建立国家数据库。',
    language: 'zh',
    countries: ['CN'],
    organisation: { name: '生态环境部南京环境科学研究所', type: 'ORG-ACADEMIC' },
    targets: ['GBF-TARGET-06'],
    subjects: ['CBD-SUBJECT-IAS'],
    assistanceTypes: ['ASSIST-TRAINING'],
  }),
  fjSubmitted: needInput({
    status: 'submitted',
    title: 'Eradicating invasive rats from island seabird colonies',
    description: 'Rats are destroying seabird nesting colonies on three outer islands; we need funding and an eradication plan with biosecurity.',
    language: 'en',
    countries: ['FJ'],
    organisation: { name: 'Island Conservation Trust', type: 'ORG-NGO' },
    targets: ['GBF-TARGET-06'],
    subjects: ['CBD-SUBJECT-IAS'],
    assistanceTypes: ['ASSIST-FUNDING'],
  }),
  tnSubmitted: needInput({ status: 'submitted' }),
  brDraft: needInput({
    status: 'draft',
    title: 'Restoring Atlantic Forest corridors',
    description: 'We need help planning ecological corridors between Atlantic Forest fragments with private landowners.',
    language: 'en',
    countries: ['BR'],
    targets: ['GBF-TARGET-03'],
    subjects: ['CBD-SUBJECT-FOR'],
  }),
};

beforeAll(async () => {
  t = await createTestApp();
  for (const [key, body] of Object.entries(NEEDS)) {
    const res = await t.request('POST', '/api/v1/needs', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[key] = res.body.id;
  }
  const org = await t.request('POST', '/api/v1/providers', { body: providerInput() });
  const expert = await t.request('POST', '/api/v1/providers', {
    body: providerInput({ kind: 'expert', name: 'Dr Ana Quispe', acronym: null, organisationType: null, country: null, nationality: 'PE', regionsServed: [], countriesServed: ['BO', 'EC'], language: 'es', description: 'Ecóloga especialista en páramos y humedales altoandinos, con veinte años de trabajo de campo.' }),
  });
  const draft = await t.request('POST', '/api/v1/providers', { body: providerInput({ status: 'draft', name: 'Institut des forêts', acronym: 'IF', country: 'FR' }) });
  for (const res of [org, expert, draft]) expect(res.status, JSON.stringify(res.body)).toBe(201);
  const orgId: string = org.body.id;
  const opportunities = [
    opportunityInput(orgId, { eligibility: {} }),
    opportunityInput(orgId, { kind: 'fellowship', title: 'Fellowship for North African rangeland scientists' }),
    opportunityInput(orgId, { kind: 'call', title: 'Small grants call that already closed', applicationDeadline: '2020-01-31', startDate: null, endDate: null, eligibility: { countries: ['PE'] } }),
  ];
  for (const body of opportunities) expect((await t.request('POST', '/api/v1/opportunities', { body })).status).toBe(201);
});
afterAll(() => t.close());

type Counts = Record<string, Array<{ value: string; count: number }>>;

async function facets(path: string, token: string | null = null): Promise<{ facets: Counts; total: number }> {
  const res = await t.request('GET', path, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
/** `{ value: count }` in the order returned. */
const asMap = (list: Array<{ value: string; count: number }> | undefined) => Object.fromEntries((list ?? []).map((e) => [e.value, e.count]));
const order = (list: Array<{ value: string; count: number }> | undefined) => (list ?? []).map((e) => e.value);

describe('need facets', () => {
  it('counts every facet of the published needs, most frequent first, then by value', async () => {
    const r = await facets('/api/v1/needs/facets');
    expect(r.total).toBe(5);
    expect(Object.keys(r.facets).sort()).toEqual(['assistanceType', 'country', 'language', 'status', 'subject', 'target']);
    expect(r.facets.country).toEqual([
      { value: 'TN', count: 2 },
      { value: 'CN', count: 1 },
      { value: 'DZ', count: 1 },
      { value: 'JO', count: 1 },
    ]);
    expect(r.facets.target).toEqual([
      { value: 'GBF-TARGET-02', count: 3 },
      { value: 'GBF-TARGET-03', count: 1 },
      { value: 'GBF-TARGET-06', count: 1 },
    ]);
    expect(asMap(r.facets.subject)).toEqual({ 'CBD-SUBJECT-DSHL': 3, 'CBD-SUBJECT-IAS': 1, 'CBD-SUBJECT-PA': 1 });
    expect(order(r.facets.subject)).toEqual(['CBD-SUBJECT-DSHL', 'CBD-SUBJECT-IAS', 'CBD-SUBJECT-PA']);
    expect(asMap(r.facets.assistanceType)).toEqual({ 'ASSIST-EXPERT-ADVICE': 3, 'ASSIST-TRAINING': 3 });
    expect(r.facets.language).toEqual([
      { value: 'fr', count: 3 },
      { value: 'ar', count: 1 },
      { value: 'zh', count: 1 },
    ]);
    expect(r.facets.status).toEqual([{ value: 'published', count: 5 }]);
  });

  it('is not taken for a record id', async () => {
    const res = await t.request('GET', '/api/v1/needs/facets?facets=country', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ facets: { country: expect.any(Array) }, total: 5 });
    expect((await t.request('GET', `/api/v1/needs/${ids.tn1}`, { token: null })).body.id).toBe(ids.tn1);
  });

  it('counts only the facets asked for', async () => {
    const r = await facets('/api/v1/needs/facets?facets=status,target&facets=status');
    expect(Object.keys(r.facets).sort()).toEqual(['status', 'target']);
  });

  it("counts a facet without its own filter but with every other (disjunctive)", async () => {
    const tn = await facets('/api/v1/needs/facets?country=TN');
    expect(tn.total).toBe(2);
    expect(asMap(tn.facets.country)).toEqual({ TN: 2, CN: 1, DZ: 1, JO: 1 });
    expect(asMap(tn.facets.target)).toEqual({ 'GBF-TARGET-02': 1, 'GBF-TARGET-03': 1 });
    expect(asMap(tn.facets.language)).toEqual({ fr: 2 });

    const both = await facets('/api/v1/needs/facets?country=TN&target=GBF-TARGET-02');
    expect(both.total).toBe(1);
    expect(asMap(both.facets.country)).toEqual({ TN: 1, DZ: 1, JO: 1 });
    expect(asMap(both.facets.target)).toEqual({ 'GBF-TARGET-02': 1, 'GBF-TARGET-03': 1 });
    expect(asMap(both.facets.subject)).toEqual({ 'CBD-SUBJECT-DSHL': 1 });
  });

  it('narrows every count with the keyword', async () => {
    const r = await facets('/api/v1/needs/facets?q=parcours');
    expect(r.total).toBe(1);
    expect(asMap(r.facets.country)).toEqual({ TN: 1 });
    expect(asMap(r.facets.target)).toEqual({ 'GBF-TARGET-02': 1 });
    const cn = await facets(`/api/v1/needs/facets?q=${encodeURIComponent('入侵物种')}&facets=country`);
    expect(cn).toEqual({ facets: { country: [{ value: 'CN', count: 1 }] }, total: 1 });
  });

  it('expands regions, which stay a limit on the country facet', async () => {
    const r = await facets('/api/v1/needs/facets?region=M49-015');
    expect(r.total).toBe(3);
    expect(asMap(r.facets.country)).toEqual({ TN: 2, DZ: 1 }); // the region's countries only
    expect(asMap(r.facets.target)).toEqual({ 'GBF-TARGET-02': 2, 'GBF-TARGET-03': 1 });
    const withCountry = await facets('/api/v1/needs/facets?region=M49-015&country=DZ');
    expect(withCountry.total).toBe(1);
    expect(asMap(withCountry.facets.country)).toEqual({ TN: 2, DZ: 1 }); // the other countries of the region stay offered
    expect(asMap(withCountry.facets.target)).toEqual({ 'GBF-TARGET-02': 1 });
  });

  it('counts drafts and submitted needs only for those who may read them', async () => {
    const anon = await facets('/api/v1/needs/facets?status=submitted');
    expect(anon.total).toBe(0);
    expect(anon.facets.status).toEqual([{ value: 'published', count: 5 }]);
    expect(anon.facets.country).toEqual([]);

    const admin = await facets('/api/v1/needs/facets', t.adminToken);
    expect(admin.total).toBe(8);
    expect(asMap(admin.facets.status)).toEqual({ published: 5, submitted: 2, draft: 1 });
    expect(order(admin.facets.status)).toEqual(['published', 'submitted', 'draft']);
    expect(asMap(admin.facets.country)).toEqual({ TN: 3, BR: 1, CN: 1, DZ: 1, FJ: 1, JO: 1 });
    const adminSubmitted = await facets('/api/v1/needs/facets?status=submitted', t.adminToken);
    expect(adminSubmitted.total).toBe(2);
    expect(asMap(adminSubmitted.facets.country)).toEqual({ FJ: 1, TN: 1 });
    expect(asMap(adminSubmitted.facets.status)).toEqual({ published: 5, submitted: 2, draft: 1 });

    const { token } = await t.user({ roles: [{ role: 'focal_point', scope: 'TN' }] });
    const focal = await facets('/api/v1/needs/facets', token);
    expect(focal.total).toBe(6);
    expect(asMap(focal.facets.status)).toEqual({ published: 5, submitted: 1 });
    expect(asMap(focal.facets.country)).toEqual({ TN: 3, CN: 1, DZ: 1, JO: 1 });
    const focalSubmitted = await facets('/api/v1/needs/facets?status=submitted', token);
    expect(focalSubmitted.total).toBe(1);
    expect(focalSubmitted.facets.country).toEqual([{ value: 'TN', count: 1 }]);

    // Same as the list.
    const list = await t.request('GET', '/api/v1/needs?status=submitted', { token });
    expect(list.body.total).toBe(focalSubmitted.total);
  });

  it('rejects unknown filter values and facets, naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['country=XX', 'country'],
      ['region=M49-999', 'region'],
      ['target=GBF-TARGET-42', 'target'],
      ['subject=CBD-SUBJECT-COP', 'subject'],
      ['assistanceType=ASSIST-MAGIC', 'assistanceType'],
      ['language=xx', 'language'],
      ['status=lost', 'status'],
      ['facets=colour', 'facets'],
      ['facets=kind', 'facets'],
      ['facets=deadline', 'facets'],
    ];
    for (const [query, path] of cases) {
      const res = await t.request('GET', `/api/v1/needs/facets?${query}`, { token: null });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe('validation_failed');
      expect(res.body.error.fields.map((f: { path: string }) => f.path), query).toContain(path);
    }
    const two = await t.request('GET', '/api/v1/needs/facets?country=XX&facets=colour', { token: null });
    expect(two.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['country', 'facets']);
  });
});

describe('provider and opportunity facets', () => {
  it('counts providers by kind, base country and language, drafts only for the admin', async () => {
    const r = await facets('/api/v1/providers/facets');
    expect(r.total).toBe(2);
    expect(r.facets.kind).toEqual([
      { value: 'expert', count: 1 },
      { value: 'organisation', count: 1 },
    ]);
    expect(asMap(r.facets.country)).toEqual({ JO: 1, PE: 1 });
    expect(asMap(r.facets.language)).toEqual({ ar: 2, en: 2, fr: 2, es: 1 });
    expect(order(r.facets.language)).toEqual(['ar', 'en', 'fr', 'es']);
    const experts = await facets('/api/v1/providers/facets?kind=expert');
    expect(experts.total).toBe(1);
    expect(asMap(experts.facets.kind)).toEqual({ expert: 1, organisation: 1 });
    expect(asMap(experts.facets.country)).toEqual({ PE: 1 });
    const admin = await facets('/api/v1/providers/facets?facets=status,country', t.adminToken);
    expect(admin).toEqual({ facets: { status: [{ value: 'published', count: 2 }, { value: 'draft', count: 1 }], country: [{ value: 'FR', count: 1 }, { value: 'JO', count: 1 }, { value: 'PE', count: 1 }] }, total: 3 });
  });

  it('counts opportunities by kind, eligible country (not "*") and open or closed deadline', async () => {
    const r = await facets('/api/v1/opportunities/facets');
    expect(r.total).toBe(3);
    expect(r.facets.kind).toEqual([
      { value: 'call', count: 1 },
      { value: 'fellowship', count: 1 },
      { value: 'training', count: 1 },
    ]);
    expect(r.facets.deadline).toEqual([
      { value: 'open', count: 2 },
      { value: 'closed', count: 1 },
    ]);
    const countries = asMap(r.facets.country);
    expect(countries['*']).toBeUndefined();
    expect(countries).toMatchObject({ TN: 1, DZ: 1, PE: 1 });

    const open = await facets('/api/v1/opportunities/facets?open=true');
    expect(open.total).toBe(2);
    expect(asMap(open.facets.deadline)).toEqual({ open: 2, closed: 1 });
    expect(asMap(open.facets.kind)).toEqual({ fellowship: 1, training: 1 });

    // Eligible for TN: the one open to all and the North African fellowship.
    const tn = await facets('/api/v1/opportunities/facets?country=TN&facets=kind,country');
    expect(tn.total).toBe(2);
    expect(asMap(tn.facets.kind)).toEqual({ fellowship: 1, training: 1 });
    expect(asMap(tn.facets.country)).toEqual(countries);

    const bad = await t.request('GET', '/api/v1/opportunities/facets?kind=seminar', { token: null });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('kind');
  });
});
