import { describe, expect, it } from 'vitest';
import { checkAgreement, modalityOf } from './agreement.ts';

const developed = new Set(['FR', 'DE', 'JP']);
const isDeveloped = (c: string) => developed.has(c);

describe('the modality of cooperation', () => {
  it('is South-South between developing countries only', () => {
    expect(modalityOf(['TN', 'JO'], isDeveloped)).toBe('south_south');
    expect(modalityOf(['TN', 'TN'], isDeveloped)).toBe('south_south');
  });
  it('is North-South when a developed country supports one developing country', () => {
    expect(modalityOf(['TN', 'FR'], isDeveloped)).toBe('north_south');
    expect(modalityOf(['TN', 'FR', 'DE'], isDeveloped)).toBe('north_south');
  });
  it('is triangular when a developed country supports cooperation between developing ones', () => {
    expect(modalityOf(['TN', 'JO', 'JP'], isDeveloped)).toBe('triangular');
  });
  it('is North-North between developed countries', () => {
    expect(modalityOf(['FR', 'DE'], isDeveloped)).toBe('north_north');
  });
});

describe('agreement rules', () => {
  it('refuses an end before the start', () => {
    const base = { type: 'training' as const, summary: 'x', startDate: '2027-03-01', endDate: '2027-01-01', languages: ['fr'], ledBySouthernPartner: true, ledByIplc: false };
    expect(checkAgreement(base)).toEqual([{ path: 'endDate', message: 'must not be before startDate', key: 'endBeforeStart' }]);
    expect(checkAgreement({ ...base, endDate: '2027-06-01' })).toEqual([]);
  });
});
