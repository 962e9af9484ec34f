import { areaVocabularyOf, getConcept } from '../../vocab/catalog.ts';
import type { PageContext } from './layout.tsx';

/** A date (YYYY-MM-DD or ISO date-time) in the reader's language. */
export function formatDate(p: PageContext, value: string): string {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(p.lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** A whole number in the reader's language (Arabic keeps Western digits, as UN documents do). */
export function formatNumber(p: PageContext, n: number): string {
  return new Intl.NumberFormat(p.lang === 'ar' ? 'ar-u-nu-latn' : p.lang).format(n);
}

/** An amount of money in the reader's language. */
export function formatMoney(p: PageContext, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(p.lang === 'ar' ? 'ar-u-nu-latn' : p.lang, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${formatNumber(p, amount)} ${currency}`;
  }
}

/** The label of a vocabulary concept in the reader's language (its id when unknown). */
export function labelOf(p: PageContext, vocabulary: string, id: string): string {
  const concept = getConcept(vocabulary, id);
  if (!concept) return id;
  // GBF targets and goals are known by their number or letter: "2. Restore 30% …".
  return vocabulary === 'gbf-targets' && concept.notation ? `${concept.notation}. ${concept.labels[p.lang]}` : concept.labels[p.lang];
}

export function labelsOf(p: PageContext, vocabulary: string, ids: readonly string[] | undefined): string[] {
  return (ids ?? []).map((id) => labelOf(p, vocabulary, id));
}

/** The label of an area (UN M49 region, CBD regional group or country group) in the reader's language. */
export function areaLabel(p: PageContext, id: string): string {
  const vocabulary = areaVocabularyOf(id);
  return vocabulary ? labelOf(p, vocabulary, id) : id;
}
