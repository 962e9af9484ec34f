/**
 * Tags free text, in any of the six UN languages, with the concepts of the matchmaking vocabulary
 * (src/vocab/concepts). Pure and deterministic; compiled once per process.
 *
 * How a label matches:
 * - Latin, Cyrillic, Arabic: the label's content words (stop words dropped) are stemmed in the
 *   label's language; the label matches where all of them occur within a short window of content
 *   words of the text, in any order ("restauration des parcours dégradés" ~ "restauration des
 *   parcours"). Text words are stemmed in the text's language and also in English (English terms
 *   turn up in texts of every language); Arabic words also without a leading و/ف and ب/ل/ك.
 * - Chinese: the label is a substring of the text (whitespace removed).
 * - Acronyms: whole tokens of the original text, case-sensitive ("eDNA", "REDD+").
 */
import { getMatchConcept, listMatchConcepts, type MatchConcept } from '../../vocab/concepts.ts';
import { isStopWord, normalize, type Script, stemToken, tokenize } from '../text/analyze.ts';

/** Label languages matched word by word (Chinese is matched as substrings). */
const WORD_LANGUAGES = ['en', 'fr', 'es', 'ru', 'ar'] as const;
type WordLanguage = (typeof WORD_LANGUAGES)[number];
const SCRIPT_OF: Record<WordLanguage, Script> = { en: 'latin', fr: 'latin', es: 'latin', ru: 'cyrillic', ar: 'arabic' };

interface Pattern {
  concept: string;
  label: string;
  /** `lang:stem` keys of the label's content words, distinct. */
  keys: string[];
}

interface CompiledTagger {
  byFirstKey: Map<string, Pattern[]>;
  /** Chinese labels (normalised, no spaces) by their first two characters. */
  zhByPrefix: Map<string, Array<{ concept: string; label: string; mixed: boolean }>>;
  acronyms: Map<string, string[]>;
}

/** What was found of one concept in a text. */
export interface ConceptHit {
  id: string;
  /** Strength of the mention: higher in the title/expertise, and when repeated. */
  weight: number;
}

let compiled: CompiledTagger | undefined;

function compile(): CompiledTagger {
  if (compiled) return compiled;
  const byFirstKey = new Map<string, Pattern[]>();
  const zhByPrefix = new Map<string, Array<{ concept: string; label: string; mixed: boolean }>>();
  const acronyms = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const c of listMatchConcepts()) {
    for (const lang of WORD_LANGUAGES) {
      for (const label of c.labels[lang]) {
        const keys = labelKeys(label, lang);
        if (keys.length === 0) continue;
        const signature = `${c.id}|${[...keys].sort().join(' ')}`;
        if (seen.has(signature)) continue;
        seen.add(signature);
        const list = byFirstKey.get(keys[0]!) ?? [];
        list.push({ concept: c.id, label, keys });
        byFirstKey.set(keys[0]!, list);
      }
    }
    for (const label of c.labels.zh) {
      const norm = compactZh(label);
      if (norm.length < 2 || !CJK.test(norm)) continue;
      const prefix = norm.slice(0, 2);
      const list = zhByPrefix.get(prefix) ?? [];
      const mixed = !PURE_CJK.test(norm);
      if (!list.some((e) => e.concept === c.id && e.label === norm)) list.push({ concept: c.id, label: norm, mixed });
      zhByPrefix.set(prefix, list);
    }
    for (const a of c.acronyms) {
      const list = acronyms.get(a) ?? [];
      if (!list.includes(c.id)) list.push(c.id);
      acronyms.set(a, list);
    }
  }
  compiled = { byFirstKey, zhByPrefix, acronyms };
  return compiled;
}

/**
 * The keys of a label's content words: `lang:stem` in the label's language; a word in another
 * script (the "DNA" of an Arabic label) is keyed as a text in that script would key it. A one-word
 * Arabic label is matched on the word itself (`arx:`, clitics removed, no suffix stripping): the
 * light stemmer would make العقبان (eagles) match العقبة (Aqaba).
 */
function labelKeys(label: string, lang: WordLanguage): string[] {
  const keys: string[] = [];
  const tokens = tokenize(label).filter((tok) => tok.script !== 'cjk');
  for (const tok of tokens) {
    const own = tok.script === SCRIPT_OF[lang] || tok.script === 'other';
    const keyLang: WordLanguage = own ? lang : tok.script === 'cyrillic' ? 'ru' : tok.script === 'arabic' ? 'ar' : 'en';
    if (isSkipped(tok.text, keyLang)) continue;
    const key = `${keyLang}:${conceptStem(stemToken(tok.text, keyLang), keyLang)}`;
    if (!keys.includes(key)) keys.push(key);
  }
  if (lang === 'ar' && keys.length === 1 && keys[0]!.startsWith('ar:')) {
    const word = tokens.find((tok) => tok.script === 'arabic' && !isSkipped(tok.text, 'ar'));
    if (word) return [`arx:${arabicBare(word.text)}`];
  }
  return keys;
}

/**
 * Folds a light stem further for concept matching, so that a verb and its noun meet:
 * restaurer / restauration → restaur, restore / restoration → restor, conservar / conservación →
 * conserv, manage / management → manag. Applied alike to labels and texts.
 */
export function conceptStem(stem: string, lang: WordLanguage): string {
  if (stem.length < 7) return stem;
  switch (lang) {
    case 'en':
      if (stem.endsWith('ation')) return stem.slice(0, -5);
      if (stem.endsWith('ement')) return stem.slice(0, -5);
      if (stem.endsWith('ment')) return stem.slice(0, -4);
      return stem;
    case 'fr':
      if (stem.endsWith('ation')) return stem.slice(0, -5);
      if (stem.endsWith('ement')) return stem.slice(0, -5);
      return stem;
    case 'es':
      if (stem.endsWith('acion')) return stem.slice(0, -5);
      if (stem.endsWith('amiento')) return stem.slice(0, -7);
      if (/[^aeiou](ar|er|ir)$/.test(stem)) return stem.slice(0, -2);
      return stem;
    default:
      return stem;
  }
}

const AR_ARTICLE_CLUSTERS = ['وبال', 'وكال', 'فبال', 'ولل', 'فلل', 'وال', 'فال', 'بال', 'كال', 'لل', 'ال'];

/** An Arabic word without a leading article cluster (وبال، لل، ال …); suffixes are kept. */
function arabicBare(word: string): string {
  for (const p of AR_ARTICLE_CLUSTERS) if (word.startsWith(p) && word.length - p.length >= 2) return word.slice(p.length);
  return word;
}

const CJK = /[\p{Script=Han}]/u;
const PURE_CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

function compactZh(text: string): string {
  return normalize(text).replace(/\s+/g, '');
}

/** Label languages to try for a word of `script` in a text written in `language`. */
function languagesFor(script: Script, language: string): readonly WordLanguage[] {
  if (script === 'latin') {
    if (language === 'fr' || language === 'es') return [language, 'en'];
    if (language === 'en') return ['en'];
    return ['en', 'fr', 'es'];
  }
  if (script === 'cyrillic') return ['ru'];
  if (script === 'arabic') return ['ar'];
  if (script === 'other') return WORD_LANGUAGES;
  return [];
}

const AR_CONJUNCTIONS = 'وف';
const AR_PREPOSITIONS = 'بلك';

/** Keys a text word can match. */
/**
 * Negations are stop words for search but not for concepts: "especies no nativas" and
 * "الصيد غير القانوني" must not match texts about native species or legal hunting.
 */
const NEGATIONS: Readonly<Record<WordLanguage, ReadonlySet<string>>> = {
  en: new Set(['non', 'not', 'no']),
  fr: new Set(['non', 'sans']),
  es: new Set(['no', 'sin']),
  ru: new Set(['не', 'без']),
  ar: new Set(['غير', 'دون', 'بدون', 'لا']),
};
const isSkipped = (word: string, lang: WordLanguage) => isStopWord(word, lang) && !NEGATIONS[lang].has(word);

function wordKeys(word: string, script: Script, language: string, out: string[]): void {
  const langs = languagesFor(script, language);
  // A stop word of the text's own language is no word at all (French "des" is not English "des").
  if (langs.length && isSkipped(word, langs[0]!)) return;
  for (const lang of langs) {
    if (isSkipped(word, lang)) continue;
    out.push(`${lang}:${conceptStem(stemToken(word, lang), lang)}`);
    if (lang === 'ar') {
      out.push(`arx:${arabicBare(word)}`);
      let rest = word;
      if (AR_CONJUNCTIONS.includes(rest[0] ?? '') && rest.length > 3) {
        rest = rest.slice(1);
        out.push(`ar:${stemToken(rest, 'ar')}`, `arx:${arabicBare(rest)}`);
      }
      if (AR_PREPOSITIONS.includes(rest[0] ?? '') && rest.length > 3) {
        const bare = rest.slice(1);
        out.push(`ar:${stemToken(bare, 'ar')}`, `arx:${arabicBare(bare)}`);
      }
    }
  }
}

/** Separators around acronyms (ASCII punctuation and spaces; cheaper than a Unicode class). */
const WORD_SEPARATORS = /[\s.,;:!?()[\]{}"'«»“”‘’/\\|<>=*#&%$@~^`]+/;

/** Keys per (language, script, word): words repeat (Zipf), and stemming is the costly part. */
const KEY_CACHE_LIMIT = 50_000;
const keyCache = new Map<string, string[]>();
function cachedWordKeys(word: string, script: Script, language: string): string[] {
  const cacheKey = `${language}\u0000${script}\u0000${word}`;
  let keys = keyCache.get(cacheKey);
  if (!keys) {
    keys = [];
    wordKeys(word, script, language, keys);
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(cacheKey, keys);
  }
  return keys;
}

/** Occurrence counts of the concepts mentioned in one text. */
export function findConcepts(text: string, language: string): Map<string, number> {
  return scan(text, language);
}

/** Which label (or acronym) of which concept matched, for people curating the vocabulary. */
export function traceConcepts(text: string, language: string): Array<{ id: string; label: string }> {
  const trace: Array<{ id: string; label: string }> = [];
  scan(text, language, trace);
  return trace;
}

function scan(text: string, language: string, trace?: Array<{ id: string; label: string }>): Map<string, number> {
  const t = compile();
  const found = new Map<string, number>();
  const add = (id: string, n = 1, label = '') => {
    found.set(id, (found.get(id) ?? 0) + n);
    trace?.push({ id, label });
  };
  if (!text) return found;
  const lang = language.toLowerCase().split(/[-_]/)[0] ?? '';

  // Words: positions of every key among the content words.
  const positions = new Map<string, number[]>();
  let pos = 0;
  const cjkRuns: string[] = [];
  for (const tok of tokenize(text)) {
    if (tok.script === 'cjk') {
      cjkRuns.push(tok.text);
      continue;
    }
    const keys = cachedWordKeys(tok.text, tok.script, lang);
    if (keys.length === 0) continue;
    for (const k of keys) {
      const list = positions.get(k);
      if (list) {
        if (list[list.length - 1] !== pos) list.push(pos);
      } else positions.set(k, [pos]);
    }
    pos++;
  }
  for (const [key, starts] of positions) {
    const patterns = t.byFirstKey.get(key);
    if (!patterns) continue;
    for (const p of patterns) {
      const n = p.keys.length === 1 ? starts.length : countWindows(p.keys, starts, positions);
      if (n > 0) add(p.concept, n, p.label);
    }
  }

  // Chinese: substrings.
  // Labels may mix scripts (环境DNA): match those against the compact text, pure ones against each run.
  if (cjkRuns.length) {
    const compact = compactZh(text);
    const runs = [...cjkRuns, compact];
    for (let r = 0; r < runs.length; r++) {
      const run = runs[r]!;
      const isCompact = r === runs.length - 1;
      for (let i = 0; i + 1 < run.length; i++) {
        const entries = t.zhByPrefix.get(run.slice(i, i + 2));
        if (!entries) continue;
        for (const e of entries) {
          if (isCompact !== e.mixed) continue;
          if (run.startsWith(e.label, i)) add(e.concept, 1, e.label);
        }
      }
    }
  }

  // Acronyms: case-sensitive whole tokens of the original text.
  if (t.acronyms.size) {
    for (const raw of text.split(WORD_SEPARATORS)) {
      const ids = raw ? t.acronyms.get(raw) : undefined;
      if (ids) for (const id of ids) add(id, 1, raw);
    }
  }
  // A concept counted once per pattern that matched: several synonyms in one place are one mention at most twice.
  return found;
}

/** How many occurrences of keys[0] have every other key within the window. */
function countWindows(keys: readonly string[], starts: readonly number[], positions: Map<string, number[]>): number {
  const window = keys.length + 3;
  const others: number[][] = [];
  for (let i = 1; i < keys.length; i++) {
    const list = positions.get(keys[i]!);
    if (!list) return 0;
    others.push(list);
  }
  let n = 0;
  for (const p of starts) {
    if (others.every((list) => list.some((q) => Math.abs(q - p) <= window))) n++;
  }
  return n;
}

/**
 * The concepts of a record: `strong` is the text that names its topic (title, expertise), `body`
 * the rest. Weight 1 for a mention in the body, 1.5 in the strong text, a little more when repeated.
 */
export function tagRecordText(strong: string, body: string, language: string): ConceptHit[] {
  const inStrong = findConcepts(strong, language);
  const inBody = findConcepts(body, language);
  const ids = new Set([...inStrong.keys(), ...inBody.keys()]);
  const hits: ConceptHit[] = [];
  for (const id of ids) {
    const mentions = (inStrong.get(id) ?? 0) + (inBody.get(id) ?? 0);
    const weight = (inStrong.has(id) ? 1.5 : 1) + 0.15 * Math.min(mentions - 1, 3);
    hits.push({ id, weight: Math.round(weight * 100) / 100 });
  }
  return hits.sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id));
}

/** Targets and subjects the concepts point to, with the summed weight of the concepts behind each. */
export function impliedTags(hits: readonly ConceptHit[]): { targets: Map<string, number>; subjects: Map<string, number> } {
  const targets = new Map<string, number>();
  const subjects = new Map<string, number>();
  for (const h of hits) {
    const c: MatchConcept | undefined = getMatchConcept(h.id);
    if (!c) continue;
    c.targets.forEach((id, i) => targets.set(id, (targets.get(id) ?? 0) + h.weight * (i === 0 ? 1 : 0.6)));
    c.subjects.forEach((id, i) => subjects.set(id, (subjects.get(id) ?? 0) + h.weight * (i === 0 ? 1 : 0.6)));
  }
  return { targets, subjects };
}
