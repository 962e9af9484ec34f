import { describe, expect, it } from 'vitest';
import { findConcepts, impliedTags, tagRecordText } from './tagger.ts';

const ids = (text: string, lang: string) => [...findConcepts(text, lang).keys()];

describe('concept tagger', () => {
  it('finds the same concept in each of the six languages', () => {
    const texts: Array<[string, string]> = [
      ['Restoring degraded mangrove forests along the delta', 'en'],
      ['Restauration des mangroves dégradées du delta', 'fr'],
      ['Restauración de manglares degradados en el delta', 'es'],
      ['Восстановление деградированных мангровых лесов в дельте', 'ru'],
      ['إعادة تأهيل أشجار المانغروف المتدهورة في الدلتا', 'ar'],
      ['恢复三角洲退化的红树林', 'zh'],
    ];
    for (const [text, lang] of texts) expect(ids(text, lang), `${lang}: ${text}`).toContain('CONCEPT-MANGROVES');
  });

  it('matches the words of a label in any order, close together, whatever their endings', () => {
    expect(ids('We need help to restore rangelands that are degraded', 'en')).toContain('CONCEPT-RANGELANDS');
    expect(ids('les espèces envahissantes exotiques', 'fr')).toContain('CONCEPT-INVASIVE-ALIEN-SPECIES');
    expect(ids('Борьба с инвазивными чужеродными видами', 'ru')).toContain('CONCEPT-INVASIVE-ALIEN-SPECIES');
  });

  it('does not match words of a label that are far apart', () => {
    const far = 'Invasive surgery is rare in our clinic; after long meetings about budgets, staff, buildings and parking, the committee finally discussed species lists';
    expect(ids(far, 'en')).not.toContain('CONCEPT-INVASIVE-ALIEN-SPECIES');
  });

  it('finds English terms and acronyms inside texts in other languages', () => {
    expect(ids("Nous voulons utiliser l'eDNA pour suivre les poissons", 'fr')).toContain('CONCEPT-ENVIRONMENTAL-DNA');
    expect(ids('Мы хотим применять eDNA в реках', 'ru')).toContain('CONCEPT-ENVIRONMENTAL-DNA');
  });

  it('finds Arabic words with their prefixes', () => {
    expect(ids('ونحتاج إلى خبرة في إعادة تأهيل المراعي وبالمراعي', 'ar')).toContain('CONCEPT-RANGELANDS');
  });

  it('weighs concepts in the title above those in the body, and a repeated one a little more', () => {
    const hits = tagRecordText('Mangrove restoration', 'Our coral reefs are bleaching. Coral reefs again, coral reefs.', 'en');
    const weight = (id: string) => hits.find((h) => h.id === id)?.weight;
    expect(weight('CONCEPT-MANGROVES')).toBe(1.5);
    expect(weight('CONCEPT-CORAL-REEFS')).toBeGreaterThan(1);
    expect(weight('CONCEPT-CORAL-REEFS')).toBeLessThan(1.5);
  });

  it('points from concepts to the targets and subjects they serve', () => {
    const { targets, subjects } = impliedTags([{ id: 'CONCEPT-INVASIVE-ALIEN-SPECIES', weight: 1 }]);
    expect(targets.get('GBF-TARGET-06')).toBe(1);
    expect(subjects.has('CBD-SUBJECT-IAS')).toBe(true);
  });

  it('returns nothing for empty or unrelated text', () => {
    expect(ids('', 'en')).toEqual([]);
    expect(ids('The meeting is on Tuesday at ten.', 'en')).toEqual([]);
  });
});
