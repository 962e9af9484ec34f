// Valid records to start tests from; each test overrides what it is about.

export function needInput(overrides: Record<string, unknown> = {}) {
  return {
    status: 'published',
    title: 'Restaurer les parcours dégradés du Centre-Ouest',
    description:
      "Les steppes à alfa du Centre-Ouest sont surpâturées et se désertifient. Nous cherchons une expertise en restauration des parcours, en banques de semences d'arbustes fourragers indigènes et en gestion communautaire du pâturage.",
    language: 'fr',
    countries: ['TN'],
    organisation: { name: "Direction générale de l'environnement", type: 'ORG-GOV-NATIONAL' },
    contact: { name: 'Amira Ben Salah', email: 'amira@example.org', phone: '+216 71 555 123' },
    targets: ['GBF-TARGET-02'],
    subjects: ['CBD-SUBJECT-DSHL'],
    assistanceTypes: ['ASSIST-EXPERT-ADVICE', 'ASSIST-TRAINING'],
    beneficiaries: ['ORG-GOV-NATIONAL', 'ORG-IPLC'],
    timeframe: { start: '2027-01-01', end: '2028-12-31' },
    budget: { amount: 150000, currency: 'USD' },
    iplc: { involved: true, fpicStatus: 'in_progress' },
    ...overrides,
  };
}

export function providerInput(overrides: Record<string, unknown> = {}) {
  return {
    status: 'published',
    kind: 'organisation',
    name: 'Centre for Dryland Ecology',
    acronym: 'CDE',
    organisationType: 'ORG-ACADEMIC',
    country: 'JO',
    website: 'https://drylands.example.org/',
    languages: [{ code: 'ar' }, { code: 'en' }, { code: 'fr' }],
    regionsServed: ['M49-015', 'M49-145'],
    expertise: ['rangeland restoration', 'native seed banks'],
    targets: ['GBF-TARGET-02', 'GBF-TARGET-10'],
    subjects: ['CBD-SUBJECT-DSHL'],
    assistanceTypesFree: ['ASSIST-TRAINING'],
    assistanceTypesAtCost: ['ASSIST-EXPERT-ADVICE'],
    description: 'Twenty years restoring degraded rangelands and steppe across North Africa and the Middle East with herder communities.',
    language: 'en',
    contact: { name: 'Omar Haddad', email: 'omar@example.org' },
    ...overrides,
  };
}

export function opportunityInput(providerId: string, overrides: Record<string, unknown> = {}) {
  return {
    status: 'published',
    providerId,
    kind: 'training',
    title: 'Rangeland restoration field course',
    description: 'A two-week field course on restoring degraded rangelands, with practical sessions on native shrub nurseries.',
    language: 'en',
    eligibility: { countries: [], regions: ['M49-015'], organisationTypes: [] },
    assistanceTypes: ['ASSIST-TRAINING'],
    targets: ['GBF-TARGET-02'],
    subjects: ['CBD-SUBJECT-DSHL'],
    languages: ['en', 'ar'],
    applicationDeadline: '2030-03-31',
    startDate: '2030-05-01',
    endDate: '2030-05-14',
    cost: { free: true },
    ...overrides,
  };
}
