import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needInput, opportunityInput, providerInput } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Matchmaking through the HTTP app on a real database: suggestions both ways, across languages,
// hard constraints, reasons in the reader's language, freshness after an edit, and bad input.

let t: TestApp;
const ids: Record<string, string> = {};

const noTags = { targets: [], subjects: [] };

async function create(type: 'needs' | 'providers' | 'opportunities', body: unknown): Promise<string> {
  const res = await t.request('POST', `/api/v1/${type}`, { body });
  if (res.status !== 201) throw new Error(`${type}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const matchIds = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date('2027-06-01T10:00:00Z') });
  // English providers, no tags at all: only their texts say what they do.
  ids.invasive = await create(
    'providers',
    providerInput({
      ...noTags,
      name: 'Island Invasives Programme',
      acronym: null,
      country: 'NZ',
      regionsServed: [],
      expertise: ['invasive alien species management', 'eradication of invasive rodents on islands'],
      description:
        'We help governments prevent, detect and control invasive alien species: early detection and rapid response, biosecurity at borders, eradication of invasive plants and animals, and national invasive species strategies.',
      languages: [{ code: 'en' }],
    }),
  );
  ids.rangeland = await create(
    'providers',
    providerInput({
      ...noTags,
      name: 'Dryland Restoration Network',
      acronym: null,
      expertise: ['rangeland restoration', 'community grazing management'],
      description: 'We restore degraded rangelands and steppe with herder communities: grazing plans, native shrub seed banks and water harvesting.',
    }),
  );
  ids.finance = await create(
    'providers',
    providerInput({
      ...noTags,
      name: 'Green Finance Advisers',
      acronym: null,
      country: 'GB',
      regionsServed: [],
      expertise: ['biodiversity finance plans', 'green bonds'],
      description: 'We advise ministries of finance on biodiversity finance: national finance plans, green bonds, debt-for-nature swaps and the reform of harmful subsidies.',
      languages: [{ code: 'en' }],
    }),
  );
  ids.withdrawnProvider = await create('providers', providerInput({ ...noTags, name: 'Withdrawn Rangeland Experts', status: 'withdrawn', expertise: ['rangeland restoration'] }));

  // Opportunities of the rangeland provider: one open, one past its deadline, one for other
  // countries only, one for other organisation types only, one closed.
  const course = (title: string, extra: Record<string, unknown> = {}) =>
    opportunityInput(ids.rangeland!, { ...noTags, title, description: 'A field course on restoring degraded rangelands, grazing management and native shrub nurseries.', ...extra });
  ids.openCourse = await create('opportunities', course('Rangeland restoration field course'));
  ids.expiredCourse = await create('opportunities', course('Rangeland restoration course 2026', { applicationDeadline: '2027-05-31', startDate: null, endDate: null }));
  ids.otherCountries = await create('opportunities', course('Rangeland restoration course for the Sahel', { eligibility: { countries: ['ML', 'NE'], regions: [], organisationTypes: [] } }));
  ids.otherOrgTypes = await create('opportunities', course('Rangeland restoration course for universities', { eligibility: { countries: [], regions: [], organisationTypes: ['ORG-ACADEMIC'] } }));
  ids.closedCourse = await create('opportunities', course('Rangeland restoration course (closed)', { status: 'closed' }));
  ids.withdrawnProvidersCourse = await create('opportunities', opportunityInput(ids.rangeland!, { ...noTags, title: 'Grazing management clinic' }));

  // Needs in other languages, without tags.
  ids.zhNeed = await create(
    'needs',
    needInput({
      ...noTags,
      language: 'zh',
      countries: ['CN'],
      title: '岛屿外来入侵物种防控能力建设',
      description: '我国南方岛屿受到外来入侵物种的严重威胁，入侵植物和鼠类破坏了本地生态系统。我们希望获得关于早期发现、快速反应和根除入侵物种的技术培训和专家咨询。',
      assistanceTypes: ['ASSIST-TRAINING'],
      iplc: { involved: false },
    }),
  );
  ids.arNeed = await create(
    'needs',
    needInput({
      ...noTags,
      language: 'ar',
      countries: ['JO'],
      title: 'إعادة تأهيل المراعي المتدهورة في البادية',
      description: 'تعاني المراعي في البادية من تدهور شديد بسبب الرعي الجائر والجفاف. نحتاج إلى خبرة فنية في إعادة تأهيل المراعي وإدارة الرعي مع المجتمعات المحلية وبنوك بذور الشجيرات الرعوية.',
      iplc: { involved: false },
    }),
  );
  ids.frNeed = await create('needs', needInput({ ...noTags }));
  ids.draftNeed = await create('needs', needInput({ status: 'draft', title: 'Brouillon sur les parcours' }));
});
afterAll(() => t.close());

describe('suggestions for a need', () => {
  it('finds the English provider for a Chinese need with no tags, and says why', async () => {
    const res = await t.request('GET', `/api/v1/needs/${ids.zhNeed}/matches?kind=provider&lang=zh`, { token: null });
    expect(res.status).toBe(200);
    expect(res.body.lang).toBe('zh');
    expect(res.body.items[0].id).toBe(ids.invasive);
    expect(res.body.items[0]).toMatchObject({ kind: 'provider', title: 'Island Invasives Programme' });
    const concepts = res.body.items[0].reasons.filter((r: { type: string }) => r.type === 'concept');
    expect(concepts.length).toBeGreaterThan(0);
    expect(concepts[0].text).toMatch(/^共同主题：/);
    expect(matchIds(res.body)).not.toContain(ids.finance);
  });

  it('ranks the rangeland provider and its open course first for the French need, with reasons in French', async () => {
    const res = await t.request('GET', `/api/v1/needs/${ids.frNeed}/matches`, { token: null, headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
    expect(res.status).toBe(200);
    expect(res.body.lang).toBe('fr');
    const found = matchIds(res.body);
    expect(found.slice(0, 2).sort()).toEqual([ids.openCourse, ids.rangeland].sort());
    const provider = res.body.items.find((i: { id: string }) => i.id === ids.rangeland);
    const types = provider.reasons.map((r: { type: string }) => r.type);
    expect(types).toContain('concept');
    expect(types).toContain('language');
    expect(types).toContain('region');
    expect(provider.reasons.find((r: { type: string }) => r.type === 'language').text).toBe('Langue de travail : Français');
    expect(provider.reasons.find((r: { type: string }) => r.type === 'region')).toMatchObject({ id: 'M49-015', text: 'Intervient dans : Afrique septentrionale' });
    expect(provider.reasons.find((r: { type: string }) => r.type === 'assistanceType')).toMatchObject({ id: 'ASSIST-TRAINING', free: true });
    for (let i = 1; i < res.body.items.length; i++) expect(res.body.items[i - 1].score).toBeGreaterThanOrEqual(res.body.items[i].score);
  });

  it('never suggests expired, ineligible, closed or withdrawn offers', async () => {
    const res = await t.request('GET', `/api/v1/needs/${ids.frNeed}/matches?limit=50`, { token: null });
    const found = matchIds(res.body);
    expect(found).toContain(ids.openCourse);
    for (const excluded of ['expiredCourse', 'otherCountries', 'otherOrgTypes', 'closedCourse', 'withdrawnProvider']) {
      expect(found, excluded).not.toContain(ids[excluded]);
    }
  });

  it('filters by kind', async () => {
    const opps = await t.request('GET', `/api/v1/needs/${ids.frNeed}/matches?kind=opportunity&limit=50`, { token: null });
    expect(opps.body.items.length).toBeGreaterThan(0);
    expect(opps.body.items.every((i: { kind: string }) => i.kind === 'opportunity')).toBe(true);
  });

  it('drops the opportunities of a provider that is withdrawn, and suggests them again when it is back', async () => {
    const before = matchIds((await t.request('GET', `/api/v1/needs/${ids.frNeed}/matches?limit=50`, { token: null })).body);
    expect(before).toContain(ids.withdrawnProvidersCourse);
    await t.request('PATCH', `/api/v1/providers/${ids.rangeland}`, { body: { status: 'withdrawn' } });
    const during = matchIds((await t.request('GET', `/api/v1/needs/${ids.frNeed}/matches?limit=50`, { token: null })).body);
    expect(during).not.toContain(ids.rangeland);
    expect(during).not.toContain(ids.withdrawnProvidersCourse);
    await t.request('PATCH', `/api/v1/providers/${ids.rangeland}`, { body: { status: 'published' } });
    const after = matchIds((await t.request('GET', `/api/v1/needs/${ids.frNeed}/matches?limit=50`, { token: null })).body);
    expect(after).toContain(ids.withdrawnProvidersCourse);
  });
});

describe('needs an offer could answer', () => {
  it('finds the Arabic need for the English rangeland provider, with reasons in English by default', async () => {
    const res = await t.request('GET', `/api/v1/providers/${ids.rangeland}/matches`, { token: null });
    expect(res.status).toBe(200);
    const found = matchIds(res.body);
    expect(found).toContain(ids.arNeed);
    expect(found).not.toContain(ids.zhNeed);
    expect(found).not.toContain(ids.draftNeed);
    const ar = res.body.items.find((i: { id: string }) => i.id === ids.arNeed);
    expect(ar.kind).toBe('need');
    expect(ar.reasons.some((r: { type: string; text: string }) => r.type === 'concept' && r.text.startsWith('Both concern '))).toBe(true);
    expect(ar.reasons.find((r: { type: string }) => r.type === 'region')).toMatchObject({ id: 'JO', text: 'In a country you serve: Jordan' });
  });

  it('lists for an opportunity only the needs whose requesters are eligible', async () => {
    const open = await t.request('GET', `/api/v1/opportunities/${ids.openCourse}/matches`, { token: null });
    expect(matchIds(open.body)).toContain(ids.frNeed); // Tunisia is in Northern Africa
    expect(matchIds(open.body)).not.toContain(ids.arNeed); // Jordan is not
    const sahel = await t.request('GET', `/api/v1/opportunities/${ids.otherCountries}/matches`, { token: null });
    expect(matchIds(sahel.body)).not.toContain(ids.frNeed);
  });
});

describe('freshness', () => {
  it('changes the suggestions when a need is edited', async () => {
    const id = await create('needs', needInput({ ...noTags, title: 'Stratégie nationale', description: 'Nous devons financer notre stratégie : plans de financement de la biodiversité, obligations vertes et réforme des subventions néfastes.' }));
    const before = await t.request('GET', `/api/v1/needs/${id}/matches?kind=provider`, { token: null });
    expect(before.body.items[0].id).toBe(ids.finance);
    const patched = await t.request('PATCH', `/api/v1/needs/${id}`, {
      body: { title: 'Espèces envahissantes sur nos îles', description: 'Les espèces exotiques envahissantes menacent nos îles : nous cherchons une formation à la détection précoce et à l’éradication des rats.' },
    });
    expect(patched.status).toBe(200);
    const after = await t.request('GET', `/api/v1/needs/${id}/matches?kind=provider`, { token: null });
    expect(after.body.items[0].id).toBe(ids.invasive);
  });

  it('takes a withdrawn need out of a provider’s list at once', async () => {
    const id = await create('needs', needInput({ ...noTags, title: 'Parcours du Sud', countries: ['MA'] }));
    expect(matchIds((await t.request('GET', `/api/v1/providers/${ids.rangeland}/matches?limit=50`)).body)).toContain(id);
    await t.request('PATCH', `/api/v1/needs/${id}`, { body: { status: 'withdrawn' } });
    expect(matchIds((await t.request('GET', `/api/v1/providers/${ids.rangeland}/matches?limit=50`)).body)).not.toContain(id);
  });
});

describe('access and bad input', () => {
  it('hides a draft need’s matches from anonymous readers, and shows them to its editors', async () => {
    expect((await t.request('GET', `/api/v1/needs/${ids.draftNeed}/matches`, { token: null })).status).toBe(404);
    const own = await t.request('GET', `/api/v1/needs/${ids.draftNeed}/matches`);
    expect(own.status).toBe(200);
    expect(matchIds(own.body)).toContain(ids.rangeland);
  });

  it('answers 404 for unknown or malformed ids', async () => {
    expect((await t.request('GET', '/api/v1/needs/need-zzzzzzzzzz/matches')).body.error.code).toBe('not_found');
    expect((await t.request('GET', '/api/v1/needs/nope/matches')).status).toBe(404);
    expect((await t.request('GET', `/api/v1/providers/${ids.frNeed}/matches`)).status).toBe(404);
  });

  it('refuses bad parameters, naming them', async () => {
    const res = await t.request('GET', `/api/v1/needs/${ids.frNeed}/matches?limit=0&kind=everyone&lang=xx`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['kind', 'lang', 'limit']);
  });

  it('rejects a token that is not valid instead of answering anonymously', async () => {
    expect((await t.request('GET', `/api/v1/needs/${ids.frNeed}/matches`, { token: 'nonsense' })).status).toBe(401);
  });
});

describe('suggested tags', () => {
  it('offers the concepts, targets and subjects found in a record’s text', async () => {
    const res = await t.request('GET', `/api/v1/needs/${ids.zhNeed}`, { token: null });
    const concepts = res.body.suggestedTags.concepts.map((c: { id: string }) => c.id);
    expect(concepts).toContain('CONCEPT-INVASIVE-ALIEN-SPECIES');
    expect(res.body.suggestedTags.targets.map((c: { id: string }) => c.id)).toContain('GBF-TARGET-06');
    expect(res.body.suggestedTags.subjects.map((c: { id: string }) => c.id)).toContain('CBD-SUBJECT-IAS');
  });

  it('does not suggest what the record already has', async () => {
    const id = await create('needs', needInput({ title: 'Espèces exotiques envahissantes', targets: ['GBF-TARGET-06'], subjects: [] }));
    const res = await t.request('GET', `/api/v1/needs/${id}`);
    expect(res.body.suggestedTags.targets.map((c: { id: string }) => c.id)).not.toContain('GBF-TARGET-06');
  });

  it('suggests tags for a text being written, in any language', async () => {
    const res = await t.request('POST', '/api/v1/tags/suggest', {
      token: null,
      body: { title: 'Восстановление деградированных пастбищ', text: 'Пастбища Казахстана деградируют из-за перевыпаса скота.', language: 'ru' },
    });
    expect(res.status).toBe(200);
    expect(res.body.concepts.length).toBeGreaterThan(0);
    const bad = await t.request('POST', '/api/v1/tags/suggest', { token: null, body: { text: '   ', language: 'russian' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['language']);
    const empty = await t.request('POST', '/api/v1/tags/suggest', { token: null, body: { text: '   ', language: 'ru' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual([{ path: 'text', message: 'must not be empty' }]);
  });
});
