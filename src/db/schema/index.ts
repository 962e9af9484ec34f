export * from './records.ts';
export * from './tokens.ts';
export * from './vocabularies.ts';
export * from './app-state.ts';
export * from './accounts.ts';
export * from './cases.ts';
