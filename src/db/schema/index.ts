export * from './records.ts';
export * from './tokens.ts';
export * from './vocabularies.ts';
