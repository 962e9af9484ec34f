import { describe, expect, it } from 'vitest';
import { catalogKeys, LANGUAGES, loadCatalog, pickLanguage, translator } from './index.ts';

const en = loadCatalog('en');
const valueAt = (catalog: Record<string, unknown>, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], catalog) as string;
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  for (const lang of LANGUAGES) {
    it(`${lang} has every key English has, and no other, with the same placeholders`, () => {
      const catalog = loadCatalog(lang);
      expect(catalogKeys(catalog).sort()).toEqual(catalogKeys(en).sort());
      for (const key of catalogKeys(en)) {
        const value = valueAt(catalog, key);
        expect(typeof value, `${lang} ${key}`).toBe('string');
        expect(value.trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(value), `${lang} ${key}`).toEqual(placeholders(valueAt(en, key)));
      }
    });
  }

  it('translates with placeholders filled and nothing escaped twice', () => {
    expect(translator('fr')('errors.passwordTooShort', { min: 12 })).toContain('12');
    expect(translator('en')('verify.done', { email: 'a&b@example.org' })).toContain('a&b@example.org');
  });

  it('picks the best of the six languages from Accept-Language', () => {
    expect(pickLanguage('fr-TN,fr;q=0.9,ar;q=0.8')).toBe('fr');
    expect(pickLanguage('de-DE,de;q=0.9,ar;q=0.5,en;q=0.4')).toBe('ar');
    expect(pickLanguage('zh-Hans-CN')).toBe('zh');
    expect(pickLanguage('de')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
    expect(pickLanguage('ru;q=0, es;q=0.1')).toBe('es');
  });
});
