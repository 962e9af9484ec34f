/**
 * Compact stop-word lists (function words only) for the languages the text
 * analyser knows how to stem, plus Chinese and a handful of Japanese particles.
 *
 * Entries are written in their natural spelling (accents, hamza, ё, …);
 * `analyze.ts` passes every entry through `normalize()` before use, so the
 * lists never need to be kept in sync with the normalisation rules by hand.
 *
 * Deliberately excluded: content words (forest, water, sea, …) and words that
 * are function words in one Latin-script language but plausible content words
 * in another, because queries of unknown language drop the stop words of
 * en ∪ fr ∪ es (e.g. Spanish "sea"/"era"/"hay", French "été"/"car"/"ton",
 * English "us" — which is also the normalised form of "US").
 */

export type StopwordLanguage = 'en' | 'fr' | 'es' | 'ru' | 'ar' | 'zh' | 'ja';

/** English: articles, pronouns, prepositions, conjunctions, auxiliaries, a few contractions as tokenised ("don't" → "dont"). */
const en = [
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'if', 'then', 'else', 'so', 'than', 'as',
  'of', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'without', 'into', 'onto', 'over',
  'under', 'about', 'above', 'below', 'between', 'among', 'through', 'during', 'before', 'after',
  'against', 'within', 'across', 'per', 'via', 'upon', 'until', 'while', 'whether',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'do', 'does', 'did', 'doing',
  'have', 'has', 'had', 'having', 'will', 'would', 'shall', 'should', 'can', 'could', 'may',
  'might', 'must', 'it', 'its', 'itself', 'this', 'that', 'these', 'those', 'there', 'here',
  'which', 'who', 'whom', 'whose', 'what', 'when', 'where', 'why', 'how',
  'i', 'me', 'my', 'we', 'our', 'you', 'your', 'he', 'him', 'his', 'she', 'her', 'they', 'them', 'their',
  'not', 'no', 'such', 'too', 'very', 'also', 'just', 'only', 'both', 'each', 'all', 'any', 'some',
  'more', 'most', 'other', 'same', 'again', 'once',
  'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'cant', 'wont', 'im', 'ive',
] as const;

/** French: determiners, pronouns, prepositions, conjunctions, forms of être/avoir. */
const fr = [
  'le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'au', 'aux', 'à', 'et', 'ou', 'où', 'mais',
  'donc', 'ni', 'que', 'qui', 'quoi', 'dont', 'ce', 'cet', 'cette', 'ces', 'ceci', 'cela', 'ça',
  'se', 'sa', 'son', 'ses', 'leur', 'leurs', 'mon', 'ma', 'mes', 'ta', 'tes', 'notre', 'nos',
  'votre', 'vos', 'il', 'elle', 'ils', 'elles', 'on', 'nous', 'vous', 'je', 'tu', 'me', 'te',
  'lui', 'y', 'en', 'ne', 'pas', 'par', 'pour', 'sur', 'sous', 'dans', 'avec', 'sans', 'chez',
  'entre', 'vers', 'contre', 'selon', 'pendant', 'depuis', 'avant', 'après', 'est', 'sont',
  'être', 'était', 'étaient', 'sera', 'seront', 'soit', 'a', 'ont', 'avait', 'avoir', 'aussi',
  'comme', 'si', 'tout', 'tous', 'toute', 'toutes', 'même', 'mêmes', 'autre', 'autres', 'très',
  'lors', 'ainsi', 'afin', 'ceux', 'celle', 'celles', 'celui', 'lequel', 'laquelle', 'lesquels',
  'lesquelles', 'auquel', 'duquel', 'quel', 'quelle', 'quels', 'quelles', 'chaque',
] as const;

/** Spanish: determiners, pronouns, prepositions, conjunctions, forms of ser/estar/haber. */
const es = [
  'el', 'la', 'los', 'las', 'lo', 'un', 'una', 'unos', 'unas', 'y', 'e', 'o', 'u', 'ni', 'pero',
  'sino', 'que', 'qué', 'quien', 'quienes', 'cual', 'cuales', 'cuyo', 'cuya', 'cuando', 'donde',
  'como', 'de', 'del', 'a', 'al', 'en', 'con', 'sin', 'por', 'para', 'sobre', 'entre', 'hacia',
  'hasta', 'desde', 'durante', 'mediante', 'según', 'ante', 'bajo', 'tras', 'contra', 'es', 'son',
  'ser', 'fue', 'fueron', 'ha', 'han', 'haber', 'había', 'está', 'están', 'estar', 'este', 'esta',
  'esto', 'estos', 'estas', 'ese', 'esa', 'eso', 'esos', 'esas', 'aquel', 'aquella', 'su', 'sus',
  'mi', 'mis', 'tu', 'tus', 'nuestro', 'nuestra', 'nuestros', 'nuestras', 'se', 'le', 'les', 'me',
  'te', 'nos', 'él', 'ella', 'ellos', 'ellas', 'yo', 'usted', 'ustedes', 'no', 'muy', 'más',
  'también', 'ya', 'todo', 'toda', 'todos', 'todas', 'otro', 'otra', 'otros', 'otras', 'mismo',
  'misma', 'cada', 'así', 'porque', 'aunque', 'si',
] as const;

/** Russian: pronouns, prepositions, conjunctions, particles, forms of быть/который/этот. */
const ru = [
  'и', 'в', 'во', 'не', 'что', 'он', 'на', 'я', 'с', 'со', 'как', 'а', 'то', 'все', 'всё', 'она',
  'так', 'его', 'но', 'да', 'ты', 'к', 'ко', 'у', 'же', 'вы', 'за', 'бы', 'по', 'только', 'её',
  'мне', 'было', 'вот', 'от', 'меня', 'ещё', 'нет', 'о', 'об', 'обо', 'из', 'ему', 'когда', 'даже',
  'ли', 'если', 'уже', 'или', 'ни', 'быть', 'был', 'была', 'были', 'будет', 'него', 'до', 'вас',
  'вам', 'там', 'себя', 'себе', 'ей', 'они', 'тут', 'где', 'есть', 'ней', 'для', 'мы', 'тебя',
  'их', 'чем', 'сам', 'чтобы', 'без', 'под', 'над', 'кто', 'этот', 'эта', 'это', 'эти', 'этого',
  'этой', 'этом', 'этих', 'тот', 'того', 'том', 'тем', 'при', 'после', 'через', 'нас', 'про',
  'них', 'ним', 'им', 'перед', 'между', 'также', 'который', 'которая', 'которое', 'которые',
  'которых', 'которого', 'которой', 'котором', 'которым', 'ведь', 'вне',
] as const;

/** Arabic: prepositions, conjunctions, pronouns, demonstratives, relatives, common particles. */
const ar = [
  'في', 'من', 'على', 'إلى', 'الى', 'عن', 'مع', 'و', 'أو', 'ثم', 'بل', 'لكن', 'أن', 'إن',
  'ان', 'كان', 'كانت', 'يكون', 'تكون', 'قد', 'لقد', 'لا', 'لم', 'لن', 'ما', 'ماذا', 'كل', 'بين',
  'هذا', 'هذه', 'ذلك', 'تلك', 'هؤلاء', 'أولئك', 'هو', 'هي', 'هم', 'هن', 'هما', 'نحن', 'أنا',
  'أنت', 'أنتم', 'الذي', 'التي', 'الذين', 'اللذان', 'اللتان', 'اللواتي', 'وفي', 'ومن', 'وعلى',
  'وإلى', 'وعن', 'ومع', 'وهو', 'وهي', 'كما', 'حيث', 'عند', 'عندما', 'بعد', 'قبل', 'حول', 'أي',
  'إذا', 'إذ', 'لو', 'منذ', 'خلال', 'نحو', 'لدى', 'ضمن', 'أيضا', 'أيضاً', 'غير', 'سوى', 'فقط',
  'كذلك', 'هناك', 'هنا', 'التى', 'ذات', 'ذو', 'به', 'بها', 'له', 'لها', 'لهم', 'فيه', 'فيها',
  'منه', 'منها', 'عليه', 'عليها', 'إليه', 'إليها', 'وقد', 'ولا', 'وما', 'كي', 'لكي', 'حتى',
] as const;

/**
 * Chinese: particles, pronouns, conjunctions and prepositions. Single characters are
 * only dropped as unigram lexemes and, in queries, where the segmenter isolates them
 * as a word; they never cut a run in the index (bigrams across them are kept).
 * Negations (不, 没有, 无, 非) are deliberately absent: splitting 不可持续 would turn it
 * into a query for 可持续.
 */
const zh = [
  '的', '了', '和', '与', '及', '或', '在', '是', '也', '都', '就', '而', '并', '但', '之', '其',
  '于', '对', '把', '被', '从', '向', '以', '为', '由', '这', '那', '个', '些', '着', '过', '吗',
  '呢', '吧', '啊', '我', '你', '他', '她', '它', '们', '有', '将', '又', '即', '则', '给', '让',
  '我们', '你们', '他们', '她们', '它们', '这个', '那个', '这些', '那些', '以及', '或者', '但是',
  '因为', '所以', '如果', '虽然', '而且', '并且', '其他', '其中', '等等', '之一', '对于', '关于',
  '为了', '以便', '由于', '以上', '以下', '此外', '因此', '及其', '以及其',
] as const;

/** Japanese particles and auxiliaries (kana only; a small extra set, not one of the six UN languages). */
const ja = [
  'の', 'は', 'を', 'に', 'が', 'で', 'と', 'も', 'へ', 'や', 'か', 'から', 'まで', 'より', 'など',
  'です', 'ます', 'する', 'した', 'して', 'される', 'された', 'ある', 'いる', 'こと', 'これ',
  'それ', 'この', 'その', 'ため', 'および', 'また', 'において', 'による', 'について',
] as const;

/** Stop-word lists, natural spelling (un-normalised). */
export const STOPWORDS: Readonly<Record<StopwordLanguage, readonly string[]>> = Object.freeze({
  en,
  fr,
  es,
  ru,
  ar,
  zh,
  ja,
});
