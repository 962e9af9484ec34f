import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  normalize,
  tokenize,
  stem,
  indexTerms,
  queryTerms,
  toTsQuery,
  isStopWord,
  scriptOf,
  type Token,
} from './analyze.js';
import { STOPWORDS } from './stopwords.js';

/** Does a document with these index lexemes satisfy every group of the query? */
function matches(groups: string[][], terms: readonly string[]): boolean {
  if (groups.length === 0) return false;
  const set = new Set(terms);
  return groups.every((g) => g.some((l) => set.has(l)));
}

function finds(query: string, doc: string, language?: string): boolean {
  return matches(queryTerms(query), indexTerms(doc, language));
}

const texts = (tokens: Token[]): string[] => tokens.map((t) => t.text);

// ---------------------------------------------------------------------------
// Corpus used by the invariant tests: realistic biodiversity-cooperation text
// in the six UN languages, plus mixed-script and a few other languages.
// ---------------------------------------------------------------------------
const CORPUS: Array<{ lang: string | undefined; text: string }> = [
  // English
  { lang: 'en', text: 'Training on national biodiversity finance plans' },
  { lang: 'en', text: 'Restoring degraded mangroves and coastal wetlands in small island developing States' },
  { lang: 'en', text: 'Monitoring invasive alien species with eDNA: a toolkit for customs officers' },
  { lang: 'en', text: "Support for Côte d'Ivoire's protected-area managers on GBF Target 3 (30x30) by 2030" },
  { lang: 'en', text: "The ministry's policies on wildlife trade and the police's enforcement capacity" },
  { lang: 'en', text: 'Seeking experts in species distribution modelling and special areas of conservation' },
  // French
  { lang: 'fr', text: 'Restaurer les parcours dégradés et lutter contre la désertification' },
  { lang: 'fr', text: "Appui technique à l'élaboration des stratégies et plans d'action nationaux pour la biodiversité" },
  { lang: 'fr', text: "Suivi des espèces exotiques envahissantes grâce à l'ADN environnemental" },
  { lang: 'fr', text: "Renforcement des capacités des gestionnaires d'aires protégées en Côte d’Ivoire" },
  { lang: 'fr', text: 'Les forêts de mangroves jouent un rôle essentiel pour les communautés côtières' },
  { lang: 'fr', text: "Qu'il s'agisse des récifs coralliens ou des herbiers marins, l'objectif 2030 est ambitieux" },
  // Spanish
  { lang: 'es', text: 'Restauración de manglares y arrecifes de coral' },
  { lang: 'es', text: 'Fortalecimiento de capacidades para la gestión de áreas protegidas en los países andinos' },
  { lang: 'es', text: 'Monitoreo de especies exóticas invasoras mediante ADN ambiental' },
  { lang: 'es', text: 'Los bosques tropicales secos albergan una gran diversidad de plantas y animales' },
  { lang: 'es', text: 'Financiamiento de la biodiversidad: planes nacionales y movilización de recursos' },
  { lang: 'es', text: 'Conocimientos tradicionales de los pueblos indígenas sobre las luces de la selva' },
  // Russian
  { lang: 'ru', text: 'Мониторинг инвазивных чужеродных видов с помощью eDNA' },
  { lang: 'ru', text: 'Восстановление мангровых лесов и прибрежных экосистем' },
  { lang: 'ru', text: 'Обучение специалистов по управлению особо охраняемыми природными территориями' },
  { lang: 'ru', text: 'Национальные стратегии и планы действий по сохранению биоразнообразия' },
  { lang: 'ru', text: 'Оценка состояния популяций редких видов птиц на Дальнем Востоке' },
  { lang: 'ru', text: 'Её ёмкость: финансирование биоразнообразия до 2030 года' },
  // Arabic
  { lang: 'ar', text: 'إعادة تأهيل المراعي المتدهورة في المناطق الجافة' },
  { lang: 'ar', text: 'حماية الغابات والتنوع البيولوجي بالتعاون مع المجتمعات المحلية' },
  { lang: 'ar', text: 'رصد الأنواع الغريبة الغازية باستخدام الحمض النووي البيئي' },
  { lang: 'ar', text: 'بناء القدرات في مجال إدارة المناطق المحمية البحرية' },
  { lang: 'ar', text: 'الاستراتيجيات وخطط العمل الوطنية للتنوع البيولوجي لعام ٢٠٣٠' },
  { lang: 'ar', text: 'دعمُ المزارعين والصيادين للحفاظ على الشِّعاب المرجانية' },
  // Chinese
  { lang: 'zh', text: '利用环境DNA监测外来入侵物种' },
  { lang: 'zh', text: '加强生物多样性保护' },
  { lang: 'zh', text: '保护红树林生态系统' },
  { lang: 'zh', text: '制定国家生物多样性战略和行动计划' },
  { lang: 'zh', text: '为保护区管理人员提供能力建设培训' },
  { lang: 'zh', text: '恢复退化的草原和湿地，以实现２０３０年目标' },
  // Mixed script / unknown / other languages
  { lang: 'zh', text: "中国与Côte d'Ivoire合作开展eDNA监测" },
  { lang: 'ru', text: 'Проект GBF Target 6 (t6) в Казахстане' },
  { lang: undefined, text: 'Programme de formation — البرنامج التدريبي — 培训项目' },
  { lang: 'ja', text: '生物多様性の保全と持続可能な利用' },
  { lang: 'ko', text: '생물다양성 보전을 위한 국제 협력' },
  { lang: 'pt', text: 'Restauração de manguezais e recifes de coral no Brasil' },
  { lang: 'en-GB', text: 'Capacity-building for marine spatial planning' },
];

// ---------------------------------------------------------------------------

describe('normalize', () => {
  it('lower-cases and applies NFKC (full-width forms, ligatures)', () => {
    expect(normalize('ＦＯＲＥＳＴ ２０３０')).toBe('forest 2030');
    expect(normalize('ﬁsh ﬂora')).toBe('fish flora');
    expect(normalize('GBF Target')).toBe('gbf target');
  });

  it('folds Latin diacritics and special letters', () => {
    expect(normalize('Désertification Côte Ñandú Über Ærø Straße Œuvre Łódź İstanbul Đà')).toBe(
      'desertification cote nandu uber aero strasse oeuvre lodz istanbul da',
    );
    expect(normalize('désertification')).toBe(normalize('desertification'));
  });

  it('folds ё to е and stress accents, but keeps й (and ї)', () => {
    expect(normalize('Ёлка ЕЁ')).toBe('елка ее');
    expect(normalize('йод Йемен')).toBe('йод йемен');
    expect(normalize('мо́ре')).toBe('море');
    expect(normalize('їжак')).toBe('їжак');
  });

  it('normalises Arabic: tashkeel, tatweel, alef forms, ى, ة, digits', () => {
    expect(normalize('الْغَابَاتُ')).toBe('الغابات');
    expect(normalize('الشِّعَاب')).toBe('الشعاب');
    expect(normalize('غـــابة')).toBe('غابه');
    expect(normalize('أ إ آ ٱ')).toBe('ا ا ا ا');
    expect(normalize('إلى مستوى')).toBe('الي مستوي');
    expect(normalize('٢٠٣٠ ۲۰۳۰ ٣٫٥')).toBe('2030 2030 3.5');
    expect(normalize('مسؤول بيئة')).toBe('مسؤول بيئه'); // ؤ and ئ are kept
    expect(normalize('ﻻ')).toBe('لا'); // presentation form
  });

  it('unifies apostrophes and removes invisible characters', () => {
    expect(normalize('d’Ivoire')).toBe("d'ivoire");
    expect(normalize('bio\u00addiversity\u200b')).toBe('biodiversity');
  });

  it('keeps CJK and other scripts intact', () => {
    expect(normalize('生物多样性')).toBe('生物多样性');
    expect(normalize('がぎぐ カタカナ')).toBe('がぎぐ カタカナ');
    expect(normalize('ｶﾀｶﾅ')).toBe('カタカナ'); // half-width katakana
    expect(normalize('생물다양성')).toBe('생물다양성');
    expect(normalize('हिन्दी')).toBe('हिन्दी');
  });

  it('is idempotent', () => {
    for (const { text } of [...CORPUS, { text: 'e\u200b\u0301 ا\u200dٔ ẞ Ǆ ﷺ ㎢ ½ ﹤x﹥' }]) {
      const once = normalize(text);
      expect(normalize(once)).toBe(once);
    }
  });
});

describe('tokenize', () => {
  it('drops punctuation, keeps numbers and codes', () => {
    expect(texts(tokenize('GBF Target 6 (2030), 3.5%, t6! eDNA…'))).toEqual([
      'gbf',
      'target',
      '6',
      '2030',
      '3.5',
      't6',
      'edna',
    ]);
  });

  it('splits off French/Italian elisions', () => {
    expect(texts(tokenize("L'eau d'Ivoire qu'il jusqu'à n'est s'agit c'est j'ai"))).toEqual([
      'eau',
      'ivoire',
      'il',
      'a',
      'est',
      'agit',
      'est',
      'ai',
    ]);
    expect(texts(tokenize('Côte d’Ivoire'))).toEqual(['cote', 'ivoire']);
    expect(texts(tokenize("dell'ambiente nell'area"))).toEqual(['ambiente', 'area']);
    expect(texts(tokenize("l' environnement d’ eau"))).toEqual(['environnement', 'eau']);
  });

  it('removes other apostrophes and English possessives', () => {
    expect(texts(tokenize("O'Neill aujourd'hui children's don't"))).toEqual([
      'oneill',
      'aujourdhui',
      'children',
      'dont',
    ]);
  });

  it('splits hyphenated words', () => {
    expect(texts(tokenize('capacity-building co-operation 3-5'))).toEqual([
      'capacity',
      'building',
      'co',
      'operation',
      '3',
      '5',
    ]);
  });

  it('classifies scripts', () => {
    expect(tokenize('forest лес غابة 森林 2030 δάσος')).toEqual([
      { text: 'forest', script: 'latin' },
      { text: 'лес', script: 'cyrillic' },
      { text: 'غابه', script: 'arabic' },
      { text: '森林', script: 'cjk' },
      { text: '2030', script: 'other' },
      { text: 'δασος', script: 'other' },
    ]);
    expect(scriptOf('t6')).toBe('latin');
    expect(scriptOf('2030')).toBe('other');
  });

  it('returns whole CJK runs (Han, kana, Hangul) as cjk tokens, also in mixed text', () => {
    expect(tokenize('利用环境DNA监测外来入侵物种')).toEqual([
      { text: '利用环境', script: 'cjk' },
      { text: 'dna', script: 'latin' },
      { text: '监测外来入侵物种', script: 'cjk' },
    ]);
    expect(texts(tokenize('加强生物多样性保护，保护红树林。'))).toEqual(['加强生物多样性保护', '保护红树林']);
    expect(texts(tokenize('生物多様性の保全'))).toEqual(['生物多様性の保全']);
    expect(texts(tokenize('생물다양성 보전'))).toEqual(['생물다양성', '보전']);
  });

  it('splits other scripts with Intl.Segmenter (Thai, Hebrew)', () => {
    expect(texts(tokenize('ความหลากหลายทางชีวภาพ')).length).toBeGreaterThan(1);
    expect(tokenize('מגוון ביולוגי').map((t) => t.script)).toEqual(['other', 'other']);
  });

  it('matches Intl.Segmenter word boundaries on the non-CJK corpus', () => {
    const seg = new Intl.Segmenter('und', { granularity: 'word' });
    const elisions = new Set(['l', 'd', 'j', 'n', 's', 'c', 'qu', 'jusqu']);
    const reference = (text: string): string[] =>
      [...seg.segment(normalize(text))]
        .filter((s) => s.isWordLike)
        .map((s) => {
          const parts = s.segment.split("'");
          while (parts.length > 1 && elisions.has(parts[0]!)) parts.shift();
          if (parts.length > 1 && parts[parts.length - 1] === 's') parts.pop();
          return parts.join('');
        });
    for (const { text } of CORPUS) {
      if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text)) continue;
      expect(texts(tokenize(text)), text).toEqual(reference(text));
    }
  });
});

describe('stem', () => {
  const cases: Record<string, Array<[string[], string]>> = {
    en: [
      [['forest', 'forests'], 'forest'],
      [['mangrove', 'mangroves'], 'mangrov'],
      [['policy', 'policies'], 'polici'],
      [['study', 'studies', 'studied'], 'studi'],
      [['train', 'training', 'trained', 'trains'], 'train'],
      [['restore', 'restored', 'restoring'], 'restor'],
      [['plan', 'plans', 'planning', 'planned'], 'plan'],
      [['hope', 'hoping', 'hoped'], 'hope'],
      [['finance', 'financing', 'finances'], 'financ'],
      [['process', 'processes'], 'process'],
      [['species'], 'species'],
    ],
    fr: [
      [['forêt', 'forêts'], 'foret'],
      [['dégradé', 'dégradés', 'dégradée', 'dégradées', 'dégrader'], 'degrad'],
      [['lutte', 'luttes', 'lutter'], 'lutt'],
      [['espèce', 'espèces'], 'espec'],
      [['animal', 'animaux'], 'animal'],
      [['eau', 'eaux'], 'eau'],
      [['naturel', 'naturelle', 'naturelles', 'naturels'], 'naturel'],
      [['protégé', 'protégées', 'protéger'], 'proteg'],
      [['aire', 'aires'], 'aire'],
      [['actif', 'active', 'actives'], 'actif'],
      [['premier', 'première', 'premiers'], 'premi'],
    ],
    es: [
      [['bosque', 'bosques'], 'bosqu'],
      [['manglar', 'manglares'], 'manglar'],
      [['arrecife', 'arrecifes'], 'arrecif'],
      [['especie', 'especies'], 'especi'],
      [['protegido', 'protegida', 'protegidos', 'protegidas'], 'protegid'],
      [['restauración', 'restauraciones'], 'restauracion'],
      [['país', 'países'], 'pai'],
      [['luz', 'luces'], 'luc'],
      [['interés', 'intereses'], 'inter'],
      [['mes', 'meses'], 'mes'],
    ],
    ru: [
      [['лес', 'леса', 'лесов', 'лесам', 'лесу'], 'лес'],
      [['мангровые', 'мангровых', 'мангровый', 'мангровыми'], 'мангров'],
      [['вид', 'виды', 'видов'], 'вид'],
      [['инвазивные', 'инвазивных', 'инвазивный'], 'инвазивн'],
      [['биоразнообразие', 'биоразнообразия', 'биоразнообразием'], 'биоразнообраз'],
      [['мониторинг', 'мониторинга', 'мониторингом'], 'мониторинг'],
    ],
    ar: [
      [['الغابات', 'غابات', 'غابة', 'والغابات', 'بالغابات', 'للغابات'], 'غاب'],
      [['المزارعين', 'مزارعون', 'المزارعون'], 'مزارع'],
      [['المتدهورة', 'متدهور'], 'متدهور'],
      [['المعلومات', 'معلومة', 'معلوماتها'], 'معلوم'],
      [['للتنوع', 'التنوع', 'تنوع'], 'تنوع'],
    ],
  };

  for (const [lang, groups] of Object.entries(cases)) {
    it(`${lang}: inflected forms share a stem`, () => {
      for (const [words, expected] of groups) {
        for (const w of words) expect(stem(w, lang), `${lang} ${w}`).toBe(expected);
      }
    });
  }

  it('does not make unrelated common words collide', () => {
    // English pairs must stay apart under every Latin stemmer (queries use all three).
    const pairs: Array<[string, string]> = [
      ['policy', 'police'],
      ['policies', 'police'],
      ['species', 'special'],
      ['general', 'generous'],
      ['universe', 'university'],
      ['organ', 'organic'],
    ];
    for (const [a, b] of pairs) {
      for (const lang of ['en', 'fr', 'es']) expect(stem(a, lang), `${lang}: ${a}/${b}`).not.toBe(stem(b, lang));
    }
    for (const [a, b] of [['plane', 'plan'], ['rate', 'rat'], ['news', 'new'], ['hoping', 'hopping']]) {
      expect(stem(a!, 'en'), `${a}/${b}`).not.toBe(stem(b!, 'en'));
    }
    expect(stem('forestry', 'en')).not.toBe(stem('forest', 'en')); // allowed to differ: no derivational steps
    expect(stem('política', 'es')).not.toBe(stem('policía', 'es'));
    expect(stem('politique', 'fr')).not.toBe(stem('police', 'fr'));
    expect(stem('лесть', 'ru')).not.toBe(stem('лес', 'ru'));
    expect(stem('вода', 'ru')).not.toBe(stem('вид', 'ru'));
  });

  it('leaves a bare leading و alone (root letter in وزارة)', () => {
    expect(stem('وزارة', 'ar')).toBe('وزار');
    expect(stem('وطنية', 'ar')).toBe('وطن');
  });

  it('never goes below 3 characters (Latin/Cyrillic) or 2 (Arabic)', () => {
    const words = ['ties', 'uses', 'used', 'sing', 'aire', 'mer', 'casas', 'rios', 'ones', 'ease', 'idée', 'eaux', 'яма', 'ямы', 'она', 'иду', 'шла', 'моя'];
    for (const w of words) {
      for (const lang of ['en', 'fr', 'es', 'ru']) {
        expect(stem(w, lang).length, `${lang} ${w}`).toBeGreaterThanOrEqual(Math.min(3, normalize(w).length));
      }
    }
    for (const w of ['الات', 'بها', 'ولد', 'الي', 'ماء', 'يوم']) expect(stem(w, 'ar').length).toBeGreaterThanOrEqual(2);
  });

  it('leaves unknown languages, numbers and short tokens unchanged (normalised)', () => {
    expect(stem('Wälder', 'de')).toBe('walder');
    expect(stem('forests', 'xx')).toBe('forests');
    expect(stem('t6', 'en')).toBe('t6');
    expect(stem('2030s', 'en')).toBe('2030s');
    expect(stem('Forests', 'EN-us')).toBe('forest');
  });
});

describe('stop words', () => {
  it('has compact lists of function words (50–150 each)', () => {
    for (const lang of ['en', 'fr', 'es', 'ru', 'ar', 'zh'] as const) {
      const n = new Set(STOPWORDS[lang]).size;
      expect(n, lang).toBeGreaterThanOrEqual(50);
      expect(n, lang).toBeLessThanOrEqual(150);
    }
  });

  it('contains no content words', () => {
    const content = ['forest', 'water', 'sea', 'era', 'hay', 'car', 'ton', 'us', 'été', 'mar', 'лес', 'вода', 'غابة', 'ماء', '森林', '水'];
    for (const w of content) {
      for (const list of Object.values(STOPWORDS)) expect(list).not.toContain(w);
    }
  });

  it('every entry is a single token once normalised (so it is effective)', () => {
    for (const [lang, list] of Object.entries(STOPWORDS)) {
      for (const w of list) {
        const toks = tokenize(w);
        expect(toks.length, `${lang} ${w}`).toBe(1);
        expect(isStopWord(toks[0]!.text), `${lang} ${w}`).toBe(true);
      }
    }
  });

  it('queries made only of stop words are empty', () => {
    for (const q of ['the of and', 'Les de la', 'el y los', 'и в на с', 'في من على إلى', '的 了 和', 'の は', '', '  ,.;! ', "qu'il l'"]) {
      expect(queryTerms(q), q).toEqual([]);
      expect(toTsQuery(queryTerms(q))).toBeNull();
    }
  });

  it('stop words are dropped from the index', () => {
    const terms = indexTerms('The restoration of the forests and the wetlands', 'en');
    expect(terms).not.toContain('the');
    expect(terms).not.toContain('of');
    expect(terms).not.toContain('and');
    expect(indexTerms('Restaurer les forêts', 'fr')).not.toContain('les');
    expect(indexTerms('в лесах', 'ru')).not.toContain('в');
    expect(indexTerms('في الغابات', 'ar')).not.toContain('في');
    const zh = indexTerms('保护的森林', 'zh');
    expect(zh).not.toContain('的');
    expect(zh).toContain('护的'); // bigrams across a stop character are kept
  });
});

describe('indexTerms', () => {
  it('holds the stems of stemmable words in the document language (queries always carry stems)', () => {
    const terms = indexTerms('Restoring mangrove forests', 'en');
    expect(new Set(terms)).toEqual(new Set(['restor', 'mangrov', 'forest']));
  });

  it('uses all plausible languages of the script when the language is unknown', () => {
    const word = 'naturelles';
    const stems = ['en', 'fr', 'es'].map((l) => stem(word, l));
    expect(new Set(stems).size).toBeGreaterThan(1);
    expect(new Set(indexTerms(word))).toEqual(new Set(stems));
    expect(new Set(indexTerms(word, 'de'))).toEqual(new Set(stems));
    expect(new Set(indexTerms(word, 'fr'))).toEqual(new Set([stem(word, 'fr')]));
    expect(indexTerms('especies protegidas', 'pt')).toEqual(expect.arrayContaining(['especi', 'protegid']));
    expect(indexTerms('лесов', 'fr')).toContain('лес'); // Cyrillic word in a French record → ru
  });

  it('ignores region subtags and letter case of the language', () => {
    expect(new Set(indexTerms('forêts', 'FR-ca'))).toEqual(new Set(indexTerms('forêts', 'fr')));
  });

  it('is deduplicated and never contains empty strings', () => {
    const terms = indexTerms('forest forest Forest FOREST forests — !!! 森林森林', 'en');
    expect(terms.length).toBe(new Set(terms).size);
    expect(terms).not.toContain('');
    expect(indexTerms('')).toEqual([]);
    expect(indexTerms(' ,.; ')).toEqual([]);
  });

  it('indexes every bigram and every non-stop character of a CJK run', () => {
    expect(new Set(indexTerms('保护红树林', 'zh'))).toEqual(
      new Set(['保', '护', '红', '树', '林', '保护', '护红', '红树', '树林']),
    );
  });

  it('keeps numbers and codes', () => {
    const terms = indexTerms('GBF Target 6 (t6): eDNA surveys by 2030', 'en');
    for (const t of ['gbf', '6', 't6', 'edna', '2030']) expect(terms).toContain(t);
  });

  it("yields the stems of 'cote' and 'ivoire' for Côte d'Ivoire, found by either spelling", () => {
    const terms = indexTerms("Côte d'Ivoire", 'fr');
    expect(terms).toContain(stem('cote', 'fr'));
    expect(terms).toContain(stem('ivoire', 'fr'));
    for (const q of ['cote', 'Côte', 'ivoire']) expect(queryTerms(q)[0]!.some((l) => terms.includes(l)), q).toBe(true);
  });

  it('adds clitic-stripped variants for Arabic words', () => {
    expect(indexTerms('وغابات', 'ar')).toContain('غاب');
    expect(indexTerms('لحماية', 'ar')).toContain(stem('حماية', 'ar'));
    expect(indexTerms('وبحماية', 'ar')).toContain(stem('حماية', 'ar'));
  });
});

describe('queryTerms', () => {
  it('builds {surface, stems} groups for alphabetic words', () => {
    expect(queryTerms('Forests')).toEqual([['forests', 'forest']]);
    expect(queryTerms('мангровых')).toEqual([['мангровых', 'мангров']]);
    expect(queryTerms('الغابات')).toEqual([['الغابات', 'غاب']]);
    expect(queryTerms('eDNA 2030 t6')).toEqual([['edna', 'edn'], ['2030'], ['t6']]);
  });

  it('turns CJK runs into required bigrams, single characters into one group', () => {
    expect(queryTerms('红树林')).toEqual([['红树'], ['树林']]);
    expect(queryTerms('生物多样性')).toEqual([['生物'], ['物多'], ['多样'], ['样性']]);
    expect(queryTerms('林')).toEqual([['林']]);
  });

  it('splits CJK query runs at isolated stop words only', () => {
    expect(queryTerms('保护的森林')).toEqual([['保护'], ['森林']]);
    expect(queryTerms('目的')).toEqual([['目的']]);
    expect(queryTerms('参与')).toEqual([['参与']]);
    expect(queryTerms('生物多様性の保全')).toEqual([['生物'], ['物多'], ['多様'], ['様性'], ['保全']]);
  });

  it('removes duplicate groups', () => {
    expect(queryTerms('forest forest Forest')).toEqual([['forest']]);
  });

  it('finds across inflection and diacritics (rule 2, 6)', () => {
    expect(finds('forests', 'Protecting the forest', 'en')).toBe(true);
    expect(finds('forests', 'Protecting the forest')).toBe(true);
    expect(finds('forest', 'Forests of the Congo basin', 'en')).toBe(true);
    expect(finds('forêts', 'Gestion durable de la forêt', 'fr')).toBe(true);
    expect(finds('forêts', 'Gestion durable de la forêt')).toBe(true);
    expect(finds('foret', 'Gestion durable des forêts', 'fr')).toBe(true);
    expect(finds('bosques', 'Restauración del bosque seco', 'es')).toBe(true);
    expect(finds('bosque', 'Los bosques tropicales')).toBe(true);
    expect(finds('мангровых', 'Мангровые леса Вьетнама', 'ru')).toBe(true);
    expect(finds('леса', 'охрана лесов', 'ru')).toBe(true);
    expect(finds('الغابات', 'حماية غابة الأرز', 'ar')).toBe(true);
    expect(finds('الغابات', 'إدارة غابات المانغروف', 'ar')).toBe(true);
    expect(finds('غابة', 'إدارة الغابات', 'ar')).toBe(true);
    expect(finds('غابات', 'حماية وغابات المنطقة', 'ar')).toBe(true);
    expect(finds('حماية', 'برنامج لحماية الطبيعة', 'ar')).toBe(true);
    expect(finds('désertification', 'Combating desertification', 'en')).toBe(true);
    expect(finds('desertification', 'Lutte contre la désertification', 'fr')).toBe(true);
    expect(finds('Cote dIvoire', "Côte d'Ivoire")).toBe(false); // "divoire" is not "ivoire"
    expect(finds("Côte d'Ivoire", 'Projet en Côte d’Ivoire', 'fr')).toBe(true);
    expect(finds('cote ivoire', "Côte d'Ivoire")).toBe(true);
  });

  it('finds CJK words inside longer runs (rule 1)', () => {
    expect(finds('红树林', '保护红树林生态系统', 'zh')).toBe(true);
    expect(finds('生物多样性', '加强生物多样性保护', 'zh')).toBe(true);
    expect(finds('生物多样性保护', '加强生物多样性保护')).toBe(true);
    expect(finds('保护的森林', '森林保护', 'zh')).toBe(true);
    expect(finds('红树林', '红树和森林', 'zh')).toBe(false); // 树林 bigram absent
    expect(finds('生物多样性', '生物多样', 'zh')).toBe(false);
  });

  it('handles mixed-script text', () => {
    const doc = '利用环境DNA监测外来入侵物种';
    expect(finds('eDNA', '利用环境eDNA监测外来入侵物种', 'zh')).toBe(true);
    expect(finds('DNA', doc, 'zh')).toBe(true);
    expect(finds('环境DNA', doc, 'zh')).toBe(true);
    expect(finds('入侵物种 dna', doc)).toBe(true);
    expect(finds('edna', 'Мониторинг инвазивных чужеродных видов с помощью eDNA', 'ru')).toBe(true);
    expect(finds('ВИДОВ eDNA', 'Мониторинг инвазивных чужеродных видов с помощью eDNA', 'ru')).toBe(true);
  });

  it('requires every group (AND) and does not over-match', () => {
    expect(finds('forest restoration', 'Forest restoration in Ghana', 'en')).toBe(true);
    expect(finds('forest finance', 'Forest restoration in Ghana', 'en')).toBe(false);
    expect(finds('policy', 'Support to the police', 'en')).toBe(false);
    expect(finds('police', 'National biodiversity policy')).toBe(false);
    expect(finds('species', 'Special areas of conservation')).toBe(false);
    expect(finds('special', 'Endemic species', 'en')).toBe(false);
  });
});

describe('invariants (property-style over the corpus)', () => {
  const seg = new Intl.Segmenter('und', { granularity: 'word' });

  /** Words of T three ways: whitespace-split, Intl.Segmenter words, and tokenize() tokens. */
  function wordsOf(text: string): string[] {
    const words = new Set<string>();
    for (const w of text.split(/\s+/)) if (w) words.add(w);
    for (const s of seg.segment(text)) if (s.isWordLike) words.add(s.segment);
    for (const t of tokenize(text)) words.add(t.text);
    return [...words];
  }

  it('every non-stop word of T, queried alone, matches indexTerms(T, L)', () => {
    let checked = 0;
    for (const { lang, text } of CORPUS) {
      for (const language of [lang, undefined]) {
        const terms = new Set(indexTerms(text, language));
        for (const w of wordsOf(text)) {
          const groups = queryTerms(w);
          for (const g of groups) {
            expect(
              g.some((l) => terms.has(l)),
              `${language}: "${w}" group ${JSON.stringify(g)} in "${text}"`,
            ).toBe(true);
          }
          checked += groups.length;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('the whole sentence as a query matches its own index', () => {
    for (const { lang, text } of CORPUS) {
      const groups = queryTerms(text);
      expect(groups.length, text).toBeGreaterThan(0);
      expect(matches(groups, indexTerms(text, lang)), text).toBe(true);
      expect(matches(groups, indexTerms(text)), text).toBe(true);
    }
  });

  it('content words are never dropped as stop words', () => {
    for (const w of ['forest', 'mangroves', 'forêt', 'bosque', 'лес', 'غابة', '森林', 'edna', '2030', 'gbf', 't6']) {
      expect(queryTerms(w).length, w).toBe(1);
    }
  });
});

describe('toTsQuery', () => {
  it('formats groups as an AND of ORs', () => {
    expect(toTsQuery([['forest', 'forests'], ['mangrov']])).toBe("('forest' | 'forests') & ('mangrov')");
    expect(toTsQuery(queryTerms('红树林'))).toBe("('红树') & ('树林')");
  });

  it('escapes quotes and backslashes', () => {
    expect(toTsQuery([["o'neill"]])).toBe("('o''neill')");
    expect(toTsQuery([['a\\b']])).toBe("('a\\\\b')");
    expect(toTsQuery([["it's\\"]])).toBe("('it''s\\\\')");
  });

  it('returns null for empty queries and skips empty groups/lexemes', () => {
    expect(toTsQuery([])).toBeNull();
    expect(toTsQuery([[]])).toBeNull();
    expect(toTsQuery([['']])).toBeNull();
    expect(toTsQuery([[], ['x', '', 'x']])).toBe("('x')");
  });
});

describe('PostgreSQL round trip (PGlite)', () => {
  type Db = {
    query: <T>(sql: string, params?: unknown[]) => Promise<{ rows: T[] }>;
    close: () => Promise<void>;
  };
  let db: Db;

  beforeAll(async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    db = (await PGlite.create()) as unknown as Db;
    await db.query('create table docs (id int primary key, tsv tsvector not null)');
    for (const [i, { lang, text }] of CORPUS.entries()) {
      await db.query('insert into docs values ($1, array_to_tsvector($2::text[]))', [i, indexTerms(text, lang)]);
    }
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  async function search(query: string): Promise<number[]> {
    const tsq = toTsQuery(queryTerms(query));
    if (tsq === null) return [];
    const r = await db.query<{ id: number }>('select id from docs where tsv @@ $1::tsquery order by id', [tsq]);
    return r.rows.map((row) => row.id);
  }
  const idsOf = (pred: (t: string) => boolean): number[] =>
    CORPUS.flatMap((d, i) => (pred(d.text) ? [i] : []));

  it('finds records in any language with the same queries as in memory', async () => {
    for (const q of ['mangroves', 'мангровых', 'eDNA', '生物多样性', 'désertification', 'الغابات', 'bosques', 'Côte d’Ivoire', '2030']) {
      const expected = CORPUS.flatMap((d, i) => (matches(queryTerms(q), indexTerms(d.text, d.lang)) ? [i] : []));
      expect(await search(q), q).toEqual(expected);
      expect(expected.length, q).toBeGreaterThan(0);
    }
    expect(await search('生物多样性')).toEqual(idsOf((t) => t.includes('生物多样性')));
  });

  it('casts escaped lexemes exactly', async () => {
    const lexemes = ["o'neill", 'a\\b', "x'\\'y", 'plain', '&|!():*'];
    const tsq = toTsQuery(lexemes.map((l) => [l]))!;
    const r = await db.query<{ m: boolean; lexemes: string[] }>(
      `select array_to_tsvector($1::text[]) @@ $2::tsquery as m,
              array(select unnest(tsvector_to_array(array_to_tsvector($1::text[]))) order by 1) as lexemes`,
      [lexemes, tsq],
    );
    expect(r.rows[0]!.m).toBe(true);
    const other = await db.query<{ m: boolean }>('select array_to_tsvector($1::text[]) @@ $2::tsquery as m', [
      ['oneill', 'ab', 'plain'],
      toTsQuery([["o'neill"]]),
    ]);
    expect(other.rows[0]!.m).toBe(false);
  });
});

describe('performance (informational only)', () => {
  it('indexTerms on ~2,000 characters', () => {
    const samples = CORPUS.map(({ lang, text }) => ({ lang, text: `${text}. `.repeat(Math.ceil(2000 / (text.length + 2))).slice(0, 2000) }));
    for (const s of samples) indexTerms(s.text, s.lang); // warm-up
    const rounds = 50;
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) for (const s of samples) indexTerms(s.text, s.lang);
    const perCall = (performance.now() - t0) / (rounds * samples.length);
    console.log(`[analyze] indexTerms on 2,000 chars: ${perCall.toFixed(3)} ms per call (mean over ${rounds * samples.length})`);
  });
});
