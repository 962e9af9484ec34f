import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';

/** The six UN languages the interface and e-mails are written in. */
export const LANGUAGES = ['ar', 'en', 'es', 'fr', 'ru', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A catalog: nested keys to strings with {{placeholders}}. */
export type Catalog = Record<string, unknown>;

/** The catalogs as shipped (src/i18n/locales/<lang>.json). */
export function loadCatalog(language: Language): Catalog {
  return JSON.parse(readFileSync(new URL(`./locales/${language}.json`, import.meta.url), 'utf8')) as Catalog;
}

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: loadCatalog(l) }])),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  // Pages escape on output (JSX) and e-mails are plain text: escaping here would escape twice.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The translate function of one language. */
export function translator(language: Language): TFunction {
  return instance.getFixedT(language);
}

/** The best of the six languages for an Accept-Language header; English when none fits. */
export function pickLanguage(acceptLanguage: string | undefined | null): Language {
  if (!acceptLanguage) return DEFAULT_LANGUAGE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0 && isLanguage(x.lang))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked[0]?.lang as Language | undefined) ?? DEFAULT_LANGUAGE;
}

/** Text direction of a language. */
export const directionOf = (language: Language): 'rtl' | 'ltr' => (language === 'ar' ? 'rtl' : 'ltr');

/** Every key path of a catalog (for the check that no catalog misses a key English has). */
export function catalogKeys(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([k, v]) => (v && typeof v === 'object' ? catalogKeys(v as Catalog, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
