/**
 * Multilingual text analysis for keyword search (pure; Node built-ins only).
 *
 * Records are indexed as `array_to_tsvector(indexTerms(text, language))` and
 * searched with `toTsQuery(queryTerms(query))::tsquery`, both under the
 * PostgreSQL `simple` configuration, so every linguistic decision lives here.
 *
 * Matching model
 * - Latin / Cyrillic / Arabic words: the index holds the normalised surface form
 *   plus its stem(s); a query word becomes the group {surface, stem in each
 *   plausible language of its script}. Because the surface form is always in the
 *   group and always in the index, exact words always match; stems add recall.
 * - CJK runs: the index holds every character bigram and every (non-stop)
 *   character of the run; a query run requires all of its bigrams (or its single
 *   character). This is segmentation-free, hence robust to dictionary
 *   segmentation differences (生物多样性 → 生物|多样|性).
 * - Everything else (numbers, Greek, Hebrew, Thai, …): surface form only.
 */

import { STOPWORDS, type StopwordLanguage } from './stopwords.js';

/** Script class of a token. */
export type Script = 'latin' | 'cyrillic' | 'arabic' | 'cjk' | 'other';

/** A token produced by {@link tokenize}. */
export interface Token {
  text: string;
  script: Script;
}

/** Languages with a stemmer; anything else is left unstemmed. */
export const STEMMED_LANGUAGES = ['en', 'fr', 'es', 'ru', 'ar'] as const;
export type StemmedLanguage = (typeof STEMMED_LANGUAGES)[number];

/**
 * Languages a word of a given script is assumed to be in when the language is
 * unknown (always the case for queries).
 */
export const SCRIPT_LANGUAGES: Readonly<Record<Script, readonly StemmedLanguage[]>> = Object.freeze({
  latin: ['en', 'fr', 'es'],
  cyrillic: ['ru'],
  arabic: ['ar'],
  cjk: [],
  other: [],
});

const LANGUAGE_SCRIPT: Readonly<Record<StemmedLanguage, Script>> = {
  en: 'latin',
  fr: 'latin',
  es: 'latin',
  ru: 'cyrillic',
  ar: 'arabic',
};

/** Tokens longer than this (base64 blobs, hashes, …) are dropped; PostgreSQL caps lexemes at 2 KB. */
export const MAX_TOKEN_LENGTH = 100;

// ---------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const MARK_RUN = /\p{M}+/gu;
const LATIN_OR_GREEK_CHAR = /[\p{Script=Latin}\p{Script=Greek}]/u;
const CYRILLIC_CHAR = /\p{Script=Cyrillic}/u;
const ARABIC_CHAR = /\p{Script=Arabic}/u;
const HEBREW_CHAR = /\p{Script=Hebrew}/u;
const NOT_HAMZA_MARK = /[^\u0654\u0655]/gu;
/** Soft hyphen, zero-width space/non-joiner/joiner, word joiner, BOM. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** Replacer for a run of combining marks (in NFD text): keeps or drops them depending on the base letter. */
function foldMarks(marks: string, offset: number, whole: string): string {
  if (offset === 0) return marks;
  let at = offset - 1;
  const unit = whole.charCodeAt(at);
  if (unit >= 0xdc00 && unit <= 0xdfff && at > 0) at--; // astral base letter
  const base = String.fromCodePoint(whole.codePointAt(at)!);
  if (base === '\u0640') return ''; // marks stacked on tatweel (removed later)
  if (LATIN_OR_GREEK_CHAR.test(base)) return ''; // é→e, ñ→n, ç→c, ά→α
  if (CYRILLIC_CHAR.test(base)) {
    // Drop stress accents and the diaeresis of ё; keep й, ї, ў, ѓ, ќ (distinct letters).
    let kept = '';
    for (const mark of marks) {
      if (mark === '\u0301' || mark === '\u0300') continue;
      if (mark === '\u0308' && base === 'е') continue;
      kept += mark;
    }
    return kept;
  }
  // Arabic: drop tashkeel, shadda, sukun, superscript alef, Quranic marks; keep the
  // hamza marks so NFC recomposes أ إ ؤ ئ (alef forms are unified just after).
  if (ARABIC_CHAR.test(base)) return marks.replace(NOT_HAMZA_MARK, '');
  if (HEBREW_CHAR.test(base)) return ''; // niqqud and cantillation
  return marks; // Devanagari vowel signs, kana voicing marks, … are parts of letters
}

const CHAR_MAP: Readonly<Record<string, string>> = (() => {
  const m: Record<string, string> = {
    // Latin letters without a canonical decomposition
    'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ł': 'l', 'þ': 'th', 'ı': 'i',
    'ħ': 'h', 'ŧ': 't',
    // Arabic letter unification
    'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه',
    'ی': 'ي', // Persian yeh
    'ک': 'ك', // Persian keheh
    'ـ': '', // tatweel
    '\u0654': '', '\u0655': '', // hamza marks that did not compose
    '٫': '.', '٬': ',', // Arabic decimal / thousands separators
    // Apostrophe variants → ASCII apostrophe (elision handling relies on it)
    '\u2019': "'", '\u2018': "'", '\u02bc': "'",
  };
  for (let d = 0; d < 10; d++) {
    m[String.fromCharCode(0x0660 + d)] = String(d); // Arabic-Indic
    m[String.fromCharCode(0x06f0 + d)] = String(d); // Extended Arabic-Indic (Persian/Urdu)
  }
  return m;
})();

const CHAR_MAP_RE = new RegExp(
  `[${Object.keys(CHAR_MAP)
    .map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)
    .join('')}]`,
  'gu',
);

/**
 * Canonical form used for every comparison (index, query, stop words).
 *
 * - Unicode NFKC (full-width forms → ASCII, ligatures, Arabic presentation forms,
 *   compatibility ideographs), then lower-case.
 * - Latin and Greek: all diacritics removed (é→e, ñ→n, ç→c, ü→u), plus ß→ss,
 *   æ→ae, œ→oe, ø→o, đ/ð→d, ł→l, þ→th, ı→i.
 * - Cyrillic: ё→е and stress accents removed; **й is kept** (and ї, ў): they are
 *   distinct letters, and Russian writers always type й whereas ё is optional.
 * - Arabic: tashkeel/harakat, superscript alef, Quranic marks and tatweel removed;
 *   أ إ آ ٱ → ا, ى → ي, ة → ه; Persian ی/ک → ي/ك; Arabic-Indic and Persian digits →
 *   ASCII (٫ → ".", ٬ → ","). ؤ and ئ are kept.
 * - Hebrew points removed. Other scripts keep their combining marks.
 * - Typographic apostrophes (’ ‘ ʼ) → ', soft hyphen and zero-width characters removed.
 *
 * Idempotent: `normalize(normalize(s)) === normalize(s)`.
 */
export function normalize(text: string): string {
  const s = text.normalize('NFKC').toLowerCase();
  if (ASCII_ONLY.test(s)) return s;
  return s
    .replace(INVISIBLE, '') // first, so that marks they separated still fold
    .normalize('NFD')
    .replace(MARK_RUN, foldMarks)
    .normalize('NFC')
    .replace(CHAR_MAP_RE, (c) => CHAR_MAP[c] ?? c);
}

// ---------------------------------------------------------------------------
// Stop words (normalised once)
// ---------------------------------------------------------------------------

const STOP: Readonly<Record<StopwordLanguage, ReadonlySet<string>>> = (() => {
  const out = {} as Record<StopwordLanguage, Set<string>>;
  for (const [lang, words] of Object.entries(STOPWORDS) as [StopwordLanguage, readonly string[]][]) {
    out[lang] = new Set(words.map((w) => normalize(w)));
  }
  return out;
})();

/** CJK stop words (Chinese + Japanese particles), normalised. */
const CJK_STOP: ReadonlySet<string> = new Set([...STOP.zh, ...STOP.ja]);

function isStopIn(token: string, languages: readonly StopwordLanguage[]): boolean {
  for (const l of languages) if (STOP[l].has(token)) return true;
  return false;
}

/**
 * Whether a normalised token is a stop word. With a language (ISO 639-1), checks
 * that language's list; without one, the lists of the token's script's plausible
 * languages (Latin: en ∪ fr ∪ es; Cyrillic: ru; Arabic: ar; CJK: zh ∪ ja).
 */
export function isStopWord(token: string, language?: string): boolean {
  const lang = primaryLanguage(language);
  if (lang && lang in STOP) return STOP[lang as StopwordLanguage].has(token);
  const script = scriptOf(token);
  if (script === 'cjk') return CJK_STOP.has(token);
  return isStopIn(token, SCRIPT_LANGUAGES[script]);
}

// ---------------------------------------------------------------------------
// Tokenisation
// ---------------------------------------------------------------------------

const segmenters = new Map<string, Intl.Segmenter>();

/** A cached word segmenter for a locale (Intl.Segmenter construction is costly). */
export function wordSegmenter(locale = 'und'): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, s);
  }
  return s;
}

/** Maximal runs of Han, Hiragana, Katakana (incl. ー and voicing marks) and Hangul. */
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3099-\u309c\u30fc]+/gu;
const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WHITESPACE = /\s+/u;
/** One character of leading/trailing punctuation or symbol that never joins a word (connector punctuation such as "_" excluded). */
const EDGE_CHAR = /^[\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{S}]$/u;
/**
 * Letters of simple alphabetic scripts and decimal digits only: such a string is a
 * single UAX #29 word. ('v' flag for class intersection; Node ≥ 20.)
 */
const SIMPLE_WORD = new RegExp(
  '^[[\\p{L}\\p{Nd}]&&[\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Greek}\\p{Script=Arabic}\\p{Script=Armenian}\\p{Script=Georgian}\\p{Nd}]]+$',
  'v',
);
/** Letters joined by single apostrophes (l'eau, aujourd'hui): one UAX #29 word (WB6/WB7). */
const APOSTROPHE_WORD = new RegExp(
  "^(?:[[\\p{L}]&&[\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Greek}\\p{Script=Armenian}\\p{Script=Georgian}]]+')+[[\\p{L}]&&[\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Greek}\\p{Script=Armenian}\\p{Script=Georgian}]]+$",
  'v',
);
const WORD_CHAR = /[\p{L}\p{N}]/u;
const DIGIT = /\p{N}/u;

const LATIN_LETTER = /\p{Script=Latin}/u;
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;
const ARABIC_LETTER = /\p{Script=Arabic}/u;
const CJK_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]/u;
const LETTER = /\p{L}/u;

/** French and Italian elided articles/pronouns/conjunctions ("l'", "qu'", "dell'", …). */
const ELISIONS: ReadonlySet<string> = new Set([
  // French
  'l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu', 'presqu',
  // Italian
  'dell', 'dall', 'nell', 'sull', 'all', 'coll', 'quell', 'quest', 'un', 'gl', 'degl', 'dagl',
  'negl', 'sugl',
]);

/**
 * Resolves apostrophes inside a word: leading elisions are dropped (l'eau → eau,
 * qu'il → il, jusqu'à → a), an English possessive/clitic "'s" is dropped
 * (children's → children), and any other apostrophe is removed (o'neill → oneill,
 * aujourd'hui → aujourdhui, don't → dont).
 */
function resolveApostrophes(word: string): string {
  const parts = word.split("'").filter((p) => p.length > 0);
  while (parts.length > 1 && ELISIONS.has(parts[0]!)) parts.shift();
  if (parts.length > 1 && parts[parts.length - 1] === 's') parts.pop();
  return parts.join('');
}

/** Script class of a (normalised) token, decided by its first letter; digits-only → 'other'. */
export function scriptOf(token: string): Script {
  for (const ch of token) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) return 'latin';
      continue;
    }
    // Fast paths for the common blocks (letters only; × and ÷ are not letters).
    if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) return 'latin';
    if (c >= 0x430 && c <= 0x45f) return 'cyrillic';
    if (c >= 0x621 && c <= 0x64a) return 'arabic';
    if (!LETTER.test(ch)) continue;
    if (LATIN_LETTER.test(ch)) return 'latin';
    if (CYRILLIC_LETTER.test(ch)) return 'cyrillic';
    if (ARABIC_LETTER.test(ch)) return 'arabic';
    if (CJK_LETTER.test(ch)) return 'cjk';
    return 'other';
  }
  return 'other';
}

function pushWord(raw: string, out: Token[]): void {
  const text = raw.includes("'") ? resolveApostrophes(raw) : raw;
  if (text.length === 0 || text.length > MAX_TOKEN_LENGTH || !WORD_CHAR.test(text)) return;
  out.push({ text, script: scriptOf(text) });
}

/**
 * Word-splits a non-CJK stretch of normalised text. Whitespace-delimited chunks
 * that are a single run of alphabetic letters/digits with only leading/trailing
 * punctuation are taken directly (UAX #29 cannot split them, so the result is
 * identical to Intl.Segmenter's); every other chunk (inner apostrophes, hyphens,
 * dots, Thai, Hebrew, marks, …) goes through the cached Intl.Segmenter. This
 * keeps indexing of long texts well under a millisecond.
 */
function segmentWords(text: string, out: Token[]): void {
  for (const chunk of text.split(WHITESPACE)) {
    if (chunk.length === 0) continue;
    if (SIMPLE_WORD.test(chunk)) {
      pushSimple(chunk, out);
      continue;
    }
    const core = stripEdgePunctuation(chunk);
    if (core.length === 0) continue; // punctuation/symbols only
    if (chunk.endsWith("'") && ELISIONS.has(core)) continue; // "l' environnement" (stray space)
    // "-" is never part of a UAX #29 word, so splitting on it first is safe.
    for (const part of core.includes('-') ? core.split('-') : [core]) {
      if (part.length === 0) continue;
      if (SIMPLE_WORD.test(part)) pushSimple(part, out);
      else if (APOSTROPHE_WORD.test(part)) pushWord(part, out);
      else {
        for (const seg of wordSegmenter('und').segment(part)) {
          if (seg.isWordLike) pushWord(seg.segment, out);
        }
      }
    }
  }
}

function pushSimple(word: string, out: Token[]): void {
  if (word.length <= MAX_TOKEN_LENGTH) out.push({ text: word, script: scriptOf(word) });
}

function stripEdgePunctuation(chunk: string): string {
  const chars = Array.from(chunk);
  let start = 0;
  let end = chars.length;
  while (start < end && EDGE_CHAR.test(chars[start]!)) start++;
  while (end > start && EDGE_CHAR.test(chars[end - 1]!)) end--;
  return start === 0 && end === chars.length ? chunk : chars.slice(start, end).join('');
}

function tokenizeNormalized(s: string): Token[] {
  const out: Token[] = [];
  if (!HAS_CJK.test(s)) {
    segmentWords(s, out);
    return out;
  }
  let last = 0;
  for (const m of s.matchAll(CJK_RUN)) {
    const at = m.index ?? 0;
    if (at > last) segmentWords(s.slice(last, at), out);
    out.push({ text: m[0], script: 'cjk' });
    last = at + m[0].length;
  }
  if (last < s.length) segmentWords(s.slice(last), out);
  return out;
}

/**
 * Splits text into word tokens. The input is normalised first (normalize is
 * idempotent, so normalised or raw text both work). Word boundaries are those of
 * Intl.Segmenter (granularity 'word', isWordLike; root locale, so index and
 * query always split alike; plain words skip the segmenter through a fast path
 * that yields the same boundaries), punctuation is dropped, numbers are kept
 * ("2030", "3.5", "t6"). French/Italian elisions (l', d', qu', j', n', s', c',
 * dell', …) are split off and dropped; other apostrophes are removed
 * (o'neill → oneill). Each maximal CJK run (Han, Hiragana/Katakana, Hangul) is
 * returned whole as one 'cjk' token — segmenting it is left to the bigram
 * indexing. Tokens longer than MAX_TOKEN_LENGTH are dropped.
 */
export function tokenize(text: string): Token[] {
  return tokenizeNormalized(normalize(text));
}

// ---------------------------------------------------------------------------
// Stemmers (input: a normalised token)
// ---------------------------------------------------------------------------

function isEnVowel(c: string | undefined): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';
}

function enHasVowel(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isEnVowel(s[i])) return true;
  return false;
}

/** Start of the region after the first non-vowel following a vowel, searching from `from`. */
function enRegion(w: string, from: number): number {
  for (let i = Math.max(from, 1); i < w.length; i++) {
    if (!isEnVowel(w[i]) && isEnVowel(w[i - 1])) return i + 1;
  }
  return w.length;
}

function enEndsShortSyllable(w: string): boolean {
  const n = w.length;
  if (n >= 3) {
    const c = w[n - 1]!;
    return !isEnVowel(w[n - 3]) && isEnVowel(w[n - 2]) && !isEnVowel(c) && c !== 'w' && c !== 'x' && c !== 'Y';
  }
  return n === 2 && isEnVowel(w[0]) && !isEnVowel(w[1]);
}

const EN_INVARIANT: ReadonlySet<string> = new Set([
  'news', 'atlas', 'cosmos', 'bias', 'andes', 'species', 'series', 'inning', 'outing',
  'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed',
]);
const EN_EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
]);

/**
 * English: Porter2 (Snowball English) steps 1a, 1b, 1c and the final-e rule of
 * step 5 only — plurals, -ed/-ing, y→i, silent e. No derivational steps, so
 * forest/forestry, policy/police, species/special stay apart.
 * forests→forest, mangroves→mangrov, policies→polici, training→train, restored→restor.
 */
function stemEnglish(word: string): string {
  if (word.length <= 3) return word;
  const exception = EN_EXCEPTIONS.get(word);
  if (exception !== undefined) return exception;
  if (EN_INVARIANT.has(word)) return word;

  // y at the start or after a vowel is a consonant (marked Y).
  let w = word[0] === 'y' ? 'Y' + word.slice(1) : word;
  w = w.replace(/([aeiouy])y/g, '$1Y');
  const special = /^(gener|commun|arsen)/.exec(w);
  const r1 = special ? special[0].length : enRegion(w, 1);
  const r2 = enRegion(w, r1 + 1);

  // Step 1a
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ied') || w.endsWith('ies')) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  else if (w.endsWith('us') || w.endsWith('ss')) {
    // unchanged
  } else if (w.endsWith('s') && enHasVowel(w.slice(0, -2))) w = w.slice(0, -1);

  // Step 1b
  if (w.endsWith('eedly')) {
    if (w.length - 5 >= r1) w = w.slice(0, -3);
  } else if (w.endsWith('eed')) {
    if (w.length - 3 >= r1) w = w.slice(0, -1);
  } else {
    for (const suffix of ['ingly', 'edly', 'ing', 'ed']) {
      if (!w.endsWith(suffix)) continue;
      const base = w.slice(0, -suffix.length);
      if (enHasVowel(base)) {
        w = base;
        if (/(at|bl|iz)$/.test(w)) w += 'e';
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
        else if (r1 >= w.length && enEndsShortSyllable(w)) w += 'e';
      }
      break;
    }
  }

  // Step 1c: y → i after a consonant that is not the first letter.
  if (w.length > 2 && (w.endsWith('y') || w.endsWith('Y')) && !isEnVowel(w[w.length - 2])) {
    w = w.slice(0, -1) + 'i';
  }

  // Step 5 (e only)
  if (w.endsWith('e')) {
    const at = w.length - 1;
    if (at >= r2 || (at >= r1 && !enEndsShortSyllable(w.slice(0, -1)))) w = w.slice(0, -1);
  }

  w = w.replace(/Y/g, 'y');
  return w.length >= 3 ? w : word;
}

/**
 * French (light, Savoy-like): plural -s/-x (-aux→-al, -eaux→-eau), feminine and
 * participle endings (-euse→-eu, -ive→-if, -elle→-el, -enne→-en, -ette→-et,
 * -ère→-er, -ée→-e), then final -e (if ≥ 4 letters remain) and infinitive -er
 * (if ≥ 4 remain). forêts→foret, dégradés→degrad, lutter/lutte→lutt, espèces→espec.
 */
function stemFrench(word: string): string {
  if (word.length <= 3) return word;
  let s = word;
  if (s.endsWith('eaux')) s = s.slice(0, -1);
  else if (s.endsWith('aux') && s.length >= 5) s = s.slice(0, -3) + 'al';
  else if (s.endsWith('ux')) s = s.slice(0, -1);
  else if (s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);

  if (s.endsWith('euse') && s.length >= 6) s = s.slice(0, -2);
  else if (s.endsWith('ive') && s.length >= 5) s = s.slice(0, -2) + 'f';
  else if ((s.endsWith('elle') || s.endsWith('enne') || s.endsWith('ette')) && s.length >= 6) s = s.slice(0, -2);
  else if (s.endsWith('ere') && s.length >= 5) s = s.slice(0, -1);
  else if (s.endsWith('ee') && s.length >= 5) s = s.slice(0, -1);

  if (s.endsWith('e') && s.length >= 5) s = s.slice(0, -1);
  if (s.endsWith('er') && s.length >= 6) s = s.slice(0, -2);
  return s.length >= 3 ? s : word;
}

/**
 * Spanish (light, Savoy-like): repeatedly strip a plural -s and a final gender
 * vowel a/o/e while more than 3 letters remain, then final -z → -c (luz/luces).
 * Singular and plural always meet: bosque/bosques→bosqu, manglar/manglares→manglar,
 * protegido/protegidas→protegid, país/países→pai. Gender merging means casa/caso
 * share "cas", as in any light Spanish stemmer.
 */
function stemSpanish(word: string): string {
  let s = word;
  if (s.length > 3) {
    for (;;) {
      let t = s;
      if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss')) t = t.slice(0, -1);
      if (t.length > 3 && /[aeo]$/.test(t)) t = t.slice(0, -1);
      if (t === s) break;
      s = t;
    }
  }
  if (s.endsWith('z') && s.length >= 3) s = s.slice(0, -1) + 'c';
  return s;
}

// Russian: Snowball Russian stemmer (ё already folded to е).
const RU_VOWELS = 'аеиоуыэюя';
const byLengthDesc = (a: string, b: string): number => b.length - a.length;
const RU_PERFECTIVE_GERUND_1 = ['в', 'вши', 'вшись'];
const RU_PERFECTIVE_GERUND_2 = ['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись'];
const RU_ADJECTIVE = 'ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею'.split(' ');
const RU_PARTICIPLE_1 = ['ем', 'нн', 'вш', 'ющ', 'щ'];
const RU_PARTICIPLE_2 = ['ивш', 'ывш', 'ующ'];
const RU_REFLEXIVE = ['ся', 'сь'];
const RU_VERB_1 = 'ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно'.split(' ');
const RU_VERB_2 =
  'ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены ить ыть ишь ую ю'.split(' ');
const RU_NOUN =
  'а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях ях ы ь ию ью ю ия ья я'.split(' ');

interface RuGroup {
  endings: string[];
  afterAYa: boolean;
}
const ruGroups = (g1: string[], g2: string[]): RuGroup[] =>
  [
    ...g1.map((e) => ({ endings: [e], afterAYa: true })),
    ...g2.map((e) => ({ endings: [e], afterAYa: false })),
  ].sort((a, b) => byLengthDesc(a.endings[0]!, b.endings[0]!));
const RU_PG = ruGroups(RU_PERFECTIVE_GERUND_1, RU_PERFECTIVE_GERUND_2);
const RU_ADJ = ruGroups([], RU_ADJECTIVE);
const RU_PART = ruGroups(RU_PARTICIPLE_1, RU_PARTICIPLE_2);
const RU_REFL = ruGroups([], RU_REFLEXIVE);
const RU_VERB = ruGroups(RU_VERB_1, RU_VERB_2);
const RU_NOUNS = ruGroups([], RU_NOUN);

/** Snowball "among": longest ending inside RV; group-1 endings must follow а/я (also inside RV). */
function ruRemove(s: string, rv: number, groups: readonly RuGroup[]): string | null {
  for (const g of groups) {
    const e = g.endings[0]!;
    if (!s.endsWith(e) || s.length - e.length < rv) continue;
    const start = s.length - e.length;
    if (g.afterAYa) {
      const prev = s[start - 1];
      if (start - 1 < rv || (prev !== 'а' && prev !== 'я')) return null;
    }
    return s.slice(0, start);
  }
  return null;
}

function stemRussian(word: string): string {
  const isV = (c: string | undefined): boolean => c !== undefined && RU_VOWELS.includes(c);
  let rv = word.length;
  for (let i = 0; i < word.length; i++) {
    if (isV(word[i])) {
      rv = i + 1;
      break;
    }
  }
  if (rv >= word.length) return word;
  let r1 = word.length;
  for (let i = 1; i < word.length; i++) {
    if (!isV(word[i]) && isV(word[i - 1])) {
      r1 = i + 1;
      break;
    }
  }
  let r2 = word.length;
  for (let i = r1 + 1; i < word.length; i++) {
    if (!isV(word[i]) && isV(word[i - 1])) {
      r2 = i + 1;
      break;
    }
  }

  let s = word;
  // Step 1
  const pg = ruRemove(s, rv, RU_PG);
  if (pg !== null) s = pg;
  else {
    s = ruRemove(s, rv, RU_REFL) ?? s;
    const adj = ruRemove(s, rv, RU_ADJ);
    if (adj !== null) s = ruRemove(adj, rv, RU_PART) ?? adj;
    else s = ruRemove(s, rv, RU_VERB) ?? ruRemove(s, rv, RU_NOUNS) ?? s;
  }
  // Step 2
  if (s.endsWith('и') && s.length - 1 >= rv) s = s.slice(0, -1);
  // Step 3: derivational -ость/-ост in R2
  for (const e of ['ость', 'ост']) {
    if (s.endsWith(e) && s.length - e.length >= r2) {
      s = s.slice(0, -e.length);
      break;
    }
  }
  // Step 4
  if (s.endsWith('нн') && s.length - 2 >= rv) s = s.slice(0, -1);
  else {
    let sup = false;
    for (const e of ['ейше', 'ейш']) {
      if (s.endsWith(e) && s.length - e.length >= rv) {
        s = s.slice(0, -e.length);
        sup = true;
        break;
      }
    }
    if (sup) {
      if (s.endsWith('нн') && s.length - 2 >= rv) s = s.slice(0, -1);
    } else if (s.endsWith('ь') && s.length - 1 >= rv) s = s.slice(0, -1);
  }
  return s.length >= 3 ? s : word;
}

// Arabic: light10 (Larkey, Ballesteros & Connell) without the bare-و rule.
const AR_ARTICLES = ['وبال', 'وكال', 'فبال', 'ولل', 'فلل', 'وال', 'فال', 'بال', 'كال', 'لل', 'ال'];
/** light10 suffixes, in light10's order (ة/ية already normalised to ه/يه). */
const AR_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];

/**
 * Arabic light stemmer (light10 family): removes one definite-article cluster
 * (ال, لل, وال, بال, كال, فال, and و/ف + بال/كال/لل) if ≥ 2 letters remain, then
 * the suffixes ها ان ات ون ين يه ه ي once each, in that order, while ≥ 2 letters
 * remain. الغابات/غابات/غابة → غاب, المزارعين/مزارعون → مزارع.
 * Unlike light10, a bare leading و is NOT removed here (it is a root letter in
 * وزارة, وطن, ورقة …); indexTerms instead indexes clitic-stripped variants.
 */
function stemArabic(word: string): string {
  let s = word;
  for (const p of AR_ARTICLES) {
    if (s.startsWith(p) && s.length - p.length >= 2) {
      s = s.slice(p.length);
      break;
    }
  }
  for (const suf of AR_SUFFIXES) {
    if (s.endsWith(suf) && s.length - suf.length >= 2) s = s.slice(0, -suf.length);
  }
  return s;
}

const STEMMERS: Readonly<Record<StemmedLanguage, (token: string) => string>> = {
  en: stemEnglish,
  fr: stemFrench,
  es: stemSpanish,
  ru: stemRussian,
  ar: stemArabic,
};

/** Per-language memo of stems (word frequencies are Zipfian); cleared when full. */
const STEM_CACHE_LIMIT = 20_000;
const stemCaches = new Map<string, Map<string, string>>();

/** Light stem of a token tokenize() produced (already normalised), in a language; see stem(). */
export function stemToken(token: string, language: string): string {
  return stemNormalized(token, language);
}

function stemNormalized(token: string, language: string): string {
  if (token.length < 3 || DIGIT.test(token)) return token;
  const stemmer = STEMMERS[language as StemmedLanguage] as ((t: string) => string) | undefined;
  if (!stemmer) return token;
  let cache = stemCaches.get(language);
  if (!cache) {
    cache = new Map();
    stemCaches.set(language, cache);
  }
  let result = cache.get(token);
  if (result === undefined) {
    result = stemmer(token);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(token, result);
  }
  return result;
}

/**
 * Light stem of a token in a language (en, fr, es, ru, ar; any other language →
 * the normalised token unchanged). The token is normalised first. Tokens with a
 * digit or shorter than 3 characters are not stemmed. Stems are never shorter
 * than 3 characters for Latin/Cyrillic and 2 for Arabic.
 */
export function stem(token: string, language: string): string {
  return stemNormalized(normalize(token), primaryLanguage(language) ?? '');
}

// ---------------------------------------------------------------------------
// Index and query terms
// ---------------------------------------------------------------------------

/** "fr-CA" / "FR_fr" → "fr"; empty/undefined → undefined. */
function primaryLanguage(language: string | undefined): string | undefined {
  if (!language) return undefined;
  const primary = language.trim().toLowerCase().split(/[-_]/)[0];
  return primary ? primary : undefined;
}

/** Languages to stem / stop-filter a token of `script` in a document of language `lang`. */
function documentLanguages(script: Script, lang: string | undefined): readonly StemmedLanguage[] {
  if (lang && lang in LANGUAGE_SCRIPT && LANGUAGE_SCRIPT[lang as StemmedLanguage] === script) {
    return [lang as StemmedLanguage];
  }
  return SCRIPT_LANGUAGES[script];
}

const AR_CONJUNCTIONS = 'وف';
const AR_PREPOSITIONS = 'بلك';

/**
 * Index-side Arabic clitic variants: for a word starting with و/ف and/or ب/ل/ك
 * (e.g. وغابات, لحماية, وبحماية), also index the stem of the word without them
 * when ≥ 3 letters remain. Queries never strip these (that would make وطنية
 * look for طن), so the variants only widen what a plain query word can find.
 */
function addArabicVariants(token: string, out: Set<string>): void {
  let rest = token;
  if (AR_CONJUNCTIONS.includes(rest[0] ?? '') && rest.length - 1 >= 3) {
    rest = rest.slice(1);
    out.add(stemArabic(rest));
  }
  if (AR_PREPOSITIONS.includes(rest[0] ?? '') && rest.length - 1 >= 3) {
    out.add(stemArabic(rest.slice(1)));
  }
}

function addCjkIndexTerms(run: string, out: Set<string>): void {
  const chars = Array.from(run);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!CJK_STOP.has(c)) out.add(c);
    if (i + 1 < chars.length) out.add(c + chars[i + 1]!);
  }
}

/**
 * Lexemes to index for a text written in `language` (ISO 639-1, region subtags
 * ignored; may be undefined/unknown). Deduplicated, order unspecified, never
 * contains an empty string (safe for `array_to_tsvector`).
 *
 * - Latin/Cyrillic/Arabic word, not a stop word: the surface form plus its stem in
 *   the document language when that language is en/fr/es/ru/ar and written in the
 *   word's script, otherwise its stems in every plausible language of the script
 *   (Latin: en, fr, es; Cyrillic: ru; Arabic: ar). Stop words are those of the same
 *   language(s). Arabic words also get clitic-stripped variants (see above).
 * - CJK run: every character bigram and every character that is not a stop word.
 * - Other tokens (numbers, other scripts): surface form.
 */
export function indexTerms(text: string, language?: string): string[] {
  const lang = primaryLanguage(language);
  const out = new Set<string>();
  for (const tok of tokenizeNormalized(normalize(text))) {
    const t = tok.text;
    switch (tok.script) {
      case 'cjk':
        addCjkIndexTerms(t, out);
        break;
      case 'other':
        out.add(t);
        break;
      default: {
        const langs = documentLanguages(tok.script, lang);
        if (isStopIn(t, langs)) break;
        if (t.length < 3 || DIGIT.test(t)) {
          out.add(t);
          break;
        }
        for (const l of langs) out.add(stemNormalized(t, l));
        // A query word's group always holds its stem in every plausible language of its
        // script, so a stemmed Latin or Cyrillic word needs no surface form in the index:
        // leaving it out keeps search vectors (and their index entries) a third smaller.
        // Arabic keeps it, for the prefix variants below.
        if (tok.script === 'arabic') {
          out.add(t);
          addArabicVariants(t, out);
        }
      }
    }
  }
  return [...out];
}

/**
 * Splits a query CJK run at words the dictionary segmenter isolates that are stop
 * words (保护的森林 → 保护 | 森林), so a query does not demand bigrams spanning a
 * particle. Runs are never split inside a dictionary word (目的, 参与 stay whole).
 */
function cjkQueryRuns(run: string): string[] {
  if (Array.from(run).length <= 1) return CJK_STOP.has(run) ? [] : [run];
  const runs: string[] = [];
  let current = '';
  for (const seg of wordSegmenter('zh').segment(run)) {
    if (CJK_STOP.has(seg.segment)) {
      if (current) runs.push(current);
      current = '';
    } else current += seg.segment;
  }
  if (current) runs.push(current);
  return runs.filter((r) => !(Array.from(r).length === 1 && CJK_STOP.has(r)));
}

/**
 * A keyword query as groups of alternative lexemes: a document matches when, for
 * every group, it has at least one lexeme of the group (AND of ORs). The query's
 * language is never assumed:
 * - Latin/Cyrillic/Arabic word: dropped if a stop word in any plausible language
 *   of its script; otherwise the group {surface, stem in each plausible language}.
 * - CJK run: split at isolated stop words, then one group per character bigram
 *   (all required); a single remaining character is a group by itself.
 * - Other tokens: a group with the surface form.
 * Duplicate groups are removed. Empty array when nothing searchable remains.
 */
export function queryTerms(query: string): string[][] {
  const groups: string[][] = [];
  const seen = new Set<string>();
  const push = (group: string[]): void => {
    const key = group.join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    groups.push(group);
  };
  for (const tok of tokenizeNormalized(normalize(query))) {
    const t = tok.text;
    switch (tok.script) {
      case 'cjk':
        for (const run of cjkQueryRuns(t)) {
          const chars = Array.from(run);
          if (chars.length === 1) push([run]);
          else for (let i = 0; i + 1 < chars.length; i++) push([chars[i]! + chars[i + 1]!]);
        }
        break;
      case 'other':
        push([t]);
        break;
      default: {
        const langs = SCRIPT_LANGUAGES[tok.script];
        if (isStopIn(t, langs)) break;
        const group = new Set<string>([t]);
        if (t.length >= 3 && !DIGIT.test(t)) for (const l of langs) group.add(stemNormalized(t, l));
        push([...group]);
      }
    }
  }
  return groups;
}

/** Quotes a lexeme for tsquery input: '…' with ' doubled and \ escaped as \\. */
function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Builds a PostgreSQL tsquery literal from queryTerms output:
 * `('forest' | 'forests') & ('mangrov')`. Each lexeme is single-quoted with
 * quotes doubled and backslashes escaped, so `$1::tsquery` (bind it as a
 * parameter; do not splice it into SQL text) yields exactly these lexemes with no
 * further parsing or normalisation. Empty lexemes and empty groups are skipped;
 * returns null when nothing remains.
 */
export function toTsQuery(groups: string[][]): string | null {
  const parts: string[] = [];
  for (const group of groups) {
    const lexemes = [...new Set(group.filter((l) => l.length > 0))];
    if (lexemes.length > 0) parts.push(`(${lexemes.map(quoteLexeme).join(' | ')})`);
  }
  return parts.length > 0 ? parts.join(' & ') : null;
}
