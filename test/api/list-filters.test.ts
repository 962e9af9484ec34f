import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needInput, opportunityInput, providerInput } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const ids = {} as Record<string, string> & { org: string };

const NEEDS = {
  tunisia: needInput(),
  china: needInput({
    title: '利用环境DNA监测外来入侵物种',
    description: '我们需要关于环境DNA方法的培训，以监测沿海湿地和红树林中的外来入侵物种，并建立国家数据库。',
    language: 'zh',
    countries: ['CN'],
    organisation: { name: '生态环境部南京环境科学研究所', type: 'ORG-ACADEMIC' },
    targets: ['GBF-TARGET-06'],
    subjects: ['CBD-SUBJECT-IAS'],
    assistanceTypes: ['ASSIST-TRAINING'],
  }),
  jordan: needInput({
    title: 'إعادة تأهيل المراعي المتدهورة في المناطق الجافة',
    description: 'تعاني المراعي في البادية من الرعي الجائر والتصحر، ونحتاج إلى خبرة في إعادة تأهيل الغطاء النباتي وبنوك البذور المحلية.',
    language: 'ar',
    countries: ['JO'],
    organisation: { name: 'وزارة البيئة', type: 'ORG-GOV-NATIONAL' },
    targets: ['GBF-TARGET-02'],
    subjects: ['CBD-SUBJECT-DSHL'],
    assistanceTypes: ['ASSIST-EXPERT-ADVICE'],
  }),
  kazakhstan: needInput({
    title: 'Восстановление степных экосистем и мониторинг инвазивных чужеродных видов',
    description: 'Нам нужна помощь в создании системы мониторинга инвазивных растений в степи и обучении специалистов заповедников.',
    language: 'ru',
    countries: ['KZ'],
    organisation: { name: 'Комитет лесного хозяйства и животного мира', type: 'ORG-GOV-NATIONAL' },
    targets: ['GBF-TARGET-04'],
    subjects: ['CBD-SUBJECT-ENDS'],
    assistanceTypes: ['ASSIST-JOINT-RESEARCH'],
  }),
  fiji: needInput({
    status: 'submitted',
    title: 'Eradicating invasive rats from island seabird colonies',
    description: 'Rats are destroying seabird nesting colonies on three outer islands; we need funding and an eradication plan with biosecurity.',
    language: 'en',
    countries: ['FJ'],
    organisation: { name: 'Island Conservation Trust', type: 'ORG-NGO' },
    targets: ['GBF-TARGET-06'],
    subjects: ['CBD-SUBJECT-IAS', 'CBD-SUBJECT-ISL'],
    assistanceTypes: ['ASSIST-FUNDING'],
  }),
  andes: needInput({
    title: 'Gestión de áreas protegidas en los páramos andinos',
    description: 'Buscamos apoyo para evaluar la efectividad de manejo de las áreas protegidas de páramo compartidas entre Perú y Bolivia.',
    language: 'es',
    countries: ['PE', 'BO'],
    organisation: { name: 'Servicio Nacional de Áreas Naturales Protegidas', type: 'ORG-GOV-NATIONAL' },
    targets: ['GBF-TARGET-03'],
    subjects: ['CBD-SUBJECT-PA', 'CBD-SUBJECT-MNT'],
    assistanceTypes: ['ASSIST-EXPERT-ADVICE', 'ASSIST-TRAINING'],
  }),
};

beforeAll(async () => {
  t = await createTestApp();
  for (const [key, body] of Object.entries(NEEDS)) {
    const res = await t.request('POST', '/api/v1/needs', { body });
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
  }
  const org = await t.request('POST', '/api/v1/providers', { body: providerInput() });
  const expert = await t.request('POST', '/api/v1/providers', {
    body: providerInput({ kind: 'expert', name: 'Dr Ana Quispe', acronym: null, organisationType: null, country: null, nationality: 'PE', regionsServed: [], countriesServed: ['BO', 'EC'], language: 'es', description: 'Ecóloga especialista en páramos y humedales altoandinos, con veinte años de trabajo de campo.' }),
  });
  ids.org = org.body.id;
  ids.expert = expert.body.id;
  const open = await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(ids.org, { eligibility: {} }) });
  const northAfrica = await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(ids.org, { kind: 'fellowship', title: 'Fellowship for North African rangeland scientists' }) });
  const past = await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(ids.org, { kind: 'call', title: 'Small grants call that already closed', applicationDeadline: '2020-01-31', startDate: null, endDate: null, eligibility: { countries: ['PE'] } }) });
  ids.openOpp = open.body.id;
  ids.naOpp = northAfrica.body.id;
  ids.pastOpp = past.body.id;
});
afterAll(() => t.close());

async function needIds(query: string, token: string | null = null): Promise<string[]> {
  const res = await t.request('GET', `/api/v1/needs?${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((n: { id: string }) => n.id).sort();
}
const expectNeeds = (...keys: string[]) => keys.map((k) => ids[k]).sort();

describe('list filters', () => {
  it('filters by country, one or several, repeated or comma-separated', async () => {
    expect(await needIds('country=TN')).toEqual(expectNeeds('tunisia'));
    expect(await needIds('country=BO')).toEqual(expectNeeds('andes'));
    expect(await needIds('country=TN,CN')).toEqual(expectNeeds('tunisia', 'china'));
    expect(await needIds('country=TN&country=KZ')).toEqual(expectNeeds('tunisia', 'kazakhstan'));
  });

  it('expands regions, subregions, CBD regional groups and country groups to their countries', async () => {
    expect(await needIds('region=M49-015')).toEqual(expectNeeds('tunisia'));
    expect(await needIds('region=M49-145')).toEqual(expectNeeds('jordan'));
    expect(await needIds('region=M49-005')).toEqual(expectNeeds('andes'));
    expect(await needIds('region=CBD-RG-GRULAC')).toEqual(expectNeeds('andes'));
    expect(await needIds('region=GROUP-LLDC')).toEqual(expectNeeds('andes', 'kazakhstan'));
    expect(await needIds('region=GROUP-SIDS', t.adminToken)).toEqual(expectNeeds('fiji'));
    expect(await needIds('region=M49-002&country=CN')).toEqual([]);
  });

  it('filters by target, subject, assistance type, language and status', async () => {
    expect(await needIds('target=GBF-TARGET-02')).toEqual(expectNeeds('tunisia', 'jordan'));
    expect(await needIds('subject=CBD-SUBJECT-IAS', t.adminToken)).toEqual(expectNeeds('china', 'fiji'));
    expect(await needIds('assistanceType=ASSIST-TRAINING')).toEqual(expectNeeds('tunisia', 'china', 'andes'));
    expect(await needIds('language=zh')).toEqual(expectNeeds('china'));
    expect(await needIds('target=GBF-TARGET-06&language=en', t.adminToken)).toEqual(expectNeeds('fiji'));
    expect(await needIds('status=submitted', t.adminToken)).toEqual(expectNeeds('fiji'));
    expect(await needIds('status=submitted')).toEqual([]);
    expect(await needIds('pageSize=100')).not.toContain(ids.fiji);
  });

  it('finds words in French, Spanish and English, whatever the accents and plural', async () => {
    expect(await needIds('q=parcours')).toEqual(expectNeeds('tunisia'));
    expect(await needIds('q=parcours%20degrades')).toEqual(expectNeeds('tunisia'));
    expect(await needIds('q=paramo')).toEqual(expectNeeds('andes'));
    expect(await needIds('q=rat', t.adminToken)).toEqual(expectNeeds('fiji'));
    expect(await needIds('q=seabird%20colony', t.adminToken)).toEqual(expectNeeds('fiji'));
    expect(await needIds('q=nothing%20like%20this')).toEqual([]);
  });

  it('finds Chinese words inside unsegmented text', async () => {
    expect(await needIds(`q=${encodeURIComponent('入侵物种')}`)).toEqual(expectNeeds('china'));
    expect(await needIds(`q=${encodeURIComponent('红树林')}`)).toEqual(expectNeeds('china'));
    expect(await needIds(`q=${encodeURIComponent('环境DNA')}`)).toEqual(expectNeeds('china'));
    expect(await needIds(`q=${encodeURIComponent('森林')}`)).toEqual([]);
  });

  it('finds Arabic words with or without the article and in other forms', async () => {
    expect(await needIds(`q=${encodeURIComponent('المراعي')}`)).toEqual(expectNeeds('jordan'));
    expect(await needIds(`q=${encodeURIComponent('مراعي')}`)).toEqual(expectNeeds('jordan'));
    expect(await needIds(`q=${encodeURIComponent('التصحر')}`)).toEqual(expectNeeds('jordan'));
  });

  it('finds Russian words in other grammatical forms', async () => {
    expect(await needIds(`q=${encodeURIComponent('мониторинг')}`)).toEqual(expectNeeds('kazakhstan'));
    expect(await needIds(`q=${encodeURIComponent('инвазивные виды')}`)).toEqual(expectNeeds('kazakhstan'));
    expect(await needIds(`q=${encodeURIComponent('степи')}`)).toEqual(expectNeeds('kazakhstan'));
  });

  it('combines keyword and structured filters', async () => {
    expect(await needIds('q=restaurer&country=TN&target=GBF-TARGET-02')).toEqual(expectNeeds('tunisia'));
    expect(await needIds('q=restaurer&country=JO')).toEqual([]);
  });

  it('paginates with a total and sorts', async () => {
    const page1 = await t.request('GET', '/api/v1/needs?pageSize=2&page=1&sort=title', { token: null });
    const page2 = await t.request('GET', '/api/v1/needs?pageSize=2&page=2&sort=title', { token: null });
    const page9 = await t.request('GET', '/api/v1/needs?pageSize=2&page=9', { token: null });
    expect(page1.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(page1.body.items).toHaveLength(2);
    expect(page2.body.items).toHaveLength(2);
    expect(page9.body).toMatchObject({ items: [], total: 5, page: 9 });
    const titles = [...page1.body.items, ...page2.body.items].map((n: { title: string }) => n.title);
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const newest = await t.request('GET', '/api/v1/needs?sort=-createdAt&pageSize=1', { token: null });
    expect(newest.body.items[0].id).toBe(ids.andes);
    const oldest = await t.request('GET', '/api/v1/needs?sort=createdAt&pageSize=1', { token: null });
    expect(oldest.body.items[0].id).toBe(ids.tunisia);
  });

  it('rejects unknown filter values and bad paging, naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['country=XX', 'country'],
      ['region=M49-999', 'region'],
      ['target=GBF-TARGET-42', 'target'],
      ['subject=CBD-SUBJECT-COP', 'subject'],
      ['assistanceType=ASSIST-MAGIC', 'assistanceType'],
      ['language=xx', 'language'],
      ['status=lost', 'status'],
      ['pageSize=1000', 'pageSize'],
      ['page=0', 'page'],
      ['sort=colour', 'sort'],
    ];
    for (const [query, path] of cases) {
      const res = await t.request('GET', `/api/v1/needs?${query}`, { token: null });
      expect(res.status, query).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path), query).toContain(path);
    }
  });
});

describe('provider and opportunity filters', () => {
  it('filters providers by kind, base country and countries served (regions expanded)', async () => {
    const ids_ = async (q: string) => (await t.request('GET', `/api/v1/providers?${q}`, { token: null })).body.items.map((p: { id: string }) => p.id).sort();
    expect(await ids_('kind=expert')).toEqual([ids.expert]);
    expect(await ids_('country=PE')).toEqual([ids.expert]);
    expect(await ids_('serves=TN')).toEqual([ids.org]);
    expect(await ids_('serves=BO')).toEqual([ids.expert]);
    expect(await ids_(`q=${encodeURIComponent('páramos humedales')}`)).toEqual([ids.expert]);
  });

  it('filters opportunities by eligible country, kind, provider and open deadline', async () => {
    const ids_ = async (q: string) => (await t.request('GET', `/api/v1/opportunities?${q}`, { token: null })).body.items.map((o: { id: string }) => o.id).sort();
    expect(await ids_('country=TN')).toEqual([ids.openOpp, ids.naOpp].sort());
    expect(await ids_('country=PE')).toEqual([ids.openOpp, ids.pastOpp].sort());
    expect(await ids_('region=M49-015')).toEqual([ids.openOpp, ids.naOpp].sort());
    expect(await ids_('kind=fellowship,call')).toEqual([ids.naOpp, ids.pastOpp].sort());
    const unknownKind = await t.request('GET', '/api/v1/opportunities?kind=seminar', { token: null });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error.fields[0].path).toBe('kind');
    expect(await ids_(`providerId=${ids.org}&open=true`)).toEqual([ids.openOpp, ids.naOpp].sort());
    const byDeadline = await t.request('GET', '/api/v1/opportunities?sort=deadline', { token: null });
    expect(byDeadline.body.items[0].id).toBe(ids.pastOpp);
  });
});
