/**
 * The reasons of a suggested match, structured and as sentences in the reader's language.
 */
import { type UiLanguage, getConcept } from '../../vocab/catalog.ts';
import { conceptLabel } from '../../vocab/concepts.ts';
import type { Bonus } from './score.ts';

export type ReasonType = 'target' | 'subject' | 'concept' | 'text' | 'assistanceType' | 'language' | 'region' | 'southSouth';

export interface Reason {
  type: ReasonType;
  /** Vocabulary id of what is shared (absent for text and southSouth). */
  id?: string;
  /** The shared thing, in the reader's language. */
  label: string;
  /** What this reason adds to the score. */
  weight: number;
  /** The reason as a sentence in the reader's language. */
  text: string;
  /** text: the words the two records share. */
  terms?: string[];
  /** assistanceType: offered free of charge. */
  free?: boolean;
}

/** Whose suggestions these are: a need's (offers are listed) or an offer's (needs are listed). */
export type Perspective = 'need' | 'offer';

type Template = Record<UiLanguage, string>;

const T: Record<string, Template> = {
  target: {
    en: 'Both concern {label}',
    fr: 'Portent tous deux sur la {label}',
    es: 'Ambos se refieren a la {label}',
    ru: 'Оба касаются: {label}',
    ar: 'هدف مشترك: {label}',
    zh: '双方都涉及{label}',
  },
  targetLabel: {
    en: 'GBF Target {n}: {label}',
    fr: 'cible {n} du Cadre mondial de la biodiversité : {label}',
    es: 'meta {n} del Marco Mundial de Biodiversidad: {label}',
    ru: 'целевая задача {n} Глобальной рамочной программы: {label}',
    ar: 'الغاية {n} من الإطار العالمي للتنوع البيولوجي: {label}',
    zh: '全球生物多样性框架行动目标{n}：{label}',
  },
  topic: {
    en: 'Both concern {label}',
    fr: 'Portent tous deux sur : {label}',
    es: 'Ambos tratan de: {label}',
    ru: 'Общая тема: {label}',
    ar: 'موضوع مشترك: {label}',
    zh: '共同主题：{label}',
  },
  text: {
    en: 'Similar wording: {label}',
    fr: 'Termes en commun : {label}',
    es: 'Términos en común: {label}',
    ru: 'Общие слова: {label}',
    ar: 'كلمات مشتركة: {label}',
    zh: '共同用词：{label}',
  },
  offers: {
    en: 'Offers {label}',
    fr: 'Propose : {label}',
    es: 'Ofrece: {label}',
    ru: 'Предлагает: {label}',
    ar: 'يقدم: {label}',
    zh: '提供：{label}',
  },
  offersFree: {
    en: 'Offers {label} free of charge',
    fr: 'Propose gratuitement : {label}',
    es: 'Ofrece gratuitamente: {label}',
    ru: 'Предлагает бесплатно: {label}',
    ar: 'يقدم مجانًا: {label}',
    zh: '免费提供：{label}',
  },
  asks: {
    en: 'Asks for {label}, which you offer',
    fr: 'Demande : {label}, que vous proposez',
    es: 'Solicita: {label}, que usted ofrece',
    ru: 'Запрашивает: {label} — вы это предлагаете',
    ar: 'يطلب: {label}، وهو ما تقدمونه',
    zh: '需要：{label}，正是您提供的',
  },
  worksIn: {
    en: 'Works in {label}',
    fr: 'Langue de travail : {label}',
    es: 'Idioma de trabajo: {label}',
    ru: 'Рабочий язык: {label}',
    ar: 'لغة العمل: {label}',
    zh: '工作语言：{label}',
  },
  writtenIn: {
    en: 'Written in {label}, a language you work in',
    fr: 'Rédigée en : {label}, une de vos langues de travail',
    es: 'Redactada en: {label}, uno de sus idiomas de trabajo',
    ru: 'Написана на языке: {label} — одном из ваших рабочих языков',
    ar: 'مكتوب بلغة: {label}، وهي من لغات عملكم',
    zh: '以{label}撰写，是您的工作语言之一',
  },
  serves: {
    en: 'Serves {label}',
    fr: 'Intervient dans : {label}',
    es: 'Trabaja en: {label}',
    ru: 'Работает в регионе: {label}',
    ar: 'يعمل في: {label}',
    zh: '服务范围：{label}',
  },
  inServed: {
    en: 'In a country you serve: {label}',
    fr: 'Dans un pays où vous intervenez : {label}',
    es: 'En un país donde usted trabaja: {label}',
    ru: 'В стране, где вы работаете: {label}',
    ar: 'في بلد تعملون فيه: {label}',
    zh: '位于您服务的国家：{label}',
  },
  southSouth: {
    en: 'South-South cooperation',
    fr: 'Coopération Sud-Sud',
    es: 'Cooperación Sur-Sur',
    ru: 'Сотрудничество Юг — Юг',
    ar: 'التعاون بين بلدان الجنوب',
    zh: '南南合作',
  },
};

const SEPARATOR: Record<UiLanguage, string> = { en: ', ', fr: ', ', es: ', ', ru: ', ', ar: '، ', zh: '、' };

function fill(template: Template, lang: UiLanguage, values: Record<string, string>): string {
  return template[lang].replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

const vocabLabel = (vocabulary: string, id: string, lang: UiLanguage) => getConcept(vocabulary, id)?.labels[lang] ?? id;

/** A target's label with its number, as reasons show it. */
export function targetLabel(id: string, lang: UiLanguage): string {
  const c = getConcept('gbf-targets', id);
  return c ? fill(T.targetLabel!, lang, { n: c.notation ?? '', label: c.labels[lang] }) : id;
}

/** A topical reason (what both records are about). */
export function topicalReason(key: string, weight: number, lang: UiLanguage): Reason {
  const kind = key[0];
  const id = key.slice(2);
  if (kind === 't') {
    const label = targetLabel(id, lang);
    return { type: 'target', id, label, weight, text: fill(T.target!, lang, { label }) };
  }
  if (kind === 's') {
    const label = vocabLabel('cbd-subjects', id, lang);
    return { type: 'subject', id, label, weight, text: fill(T.topic!, lang, { label }) };
  }
  const label = conceptLabel(id, lang);
  return { type: 'concept', id, label, weight, text: fill(T.topic!, lang, { label }) };
}

/** The reason for words both texts use. */
export function textReason(terms: string[], weight: number, lang: UiLanguage): Reason {
  const label = terms.join(SEPARATOR[lang]);
  return { type: 'text', label, terms, weight, text: fill(T.text!, lang, { label }) };
}

/** A soft preference met, from the perspective of whoever reads the list. */
export function bonusReason(bonus: Bonus, perspective: Perspective, lang: UiLanguage, needCountry?: string): Reason {
  switch (bonus.type) {
    case 'assistanceType': {
      const label = vocabLabel('assistance-types', bonus.id, lang);
      const template = perspective === 'offer' ? T.asks! : bonus.free ? T.offersFree! : T.offers!;
      return { type: 'assistanceType', id: bonus.id, label, weight: bonus.weight, free: bonus.free, text: fill(template, lang, { label }) };
    }
    case 'language': {
      const label = vocabLabel('languages', bonus.id, lang);
      return { type: 'language', id: bonus.id, label, weight: bonus.weight, text: fill(perspective === 'offer' ? T.writtenIn! : T.worksIn!, lang, { label }) };
    }
    case 'region': {
      if (perspective === 'offer') {
        const id = needCountry ?? bonus.id;
        const label = vocabLabel('countries', id, lang);
        return { type: 'region', id, label, weight: bonus.weight, text: fill(T.inServed!, lang, { label }) };
      }
      const label = areaLabel(bonus.id, lang);
      return { type: 'region', id: bonus.id, label, weight: bonus.weight, text: fill(T.serves!, lang, { label }) };
    }
    case 'southSouth': {
      const label = T.southSouth![lang];
      return { type: 'southSouth', label, weight: bonus.weight, text: label };
    }
  }
}

function areaLabel(id: string, lang: UiLanguage): string {
  for (const vocabulary of ['countries', 'regions', 'cbd-regional-groups', 'country-groups']) {
    const c = getConcept(vocabulary, id);
    if (c) return c.labels[lang];
  }
  return id;
}
