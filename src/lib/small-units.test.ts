import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { arrayLiteral, tsvectorLiteral } from '../db/queries/sql-helpers.ts';
import { parseIfMatch } from '../http/api/records/record-routes.ts';
import { AppError, formatPath } from './errors.ts';
import { newRecordId, recordIdPattern, recordTypeOfId } from './ids.ts';

describe('record ids', () => {
  it('are prefixed, 10 characters of a readable alphabet, and recognised', () => {
    const ids = Array.from({ length: 200 }, () => newRecordId('need'));
    for (const id of ids) expect(id).toMatch(/^need-[0-9a-hjkmnp-tv-z]{10}$/);
    expect(new Set(ids).size).toBe(200);
    expect(recordIdPattern('opportunity').test(newRecordId('opportunity'))).toBe(true);
    expect(recordTypeOfId('prov-0123456789')).toBe('provider');
    expect(recordTypeOfId('prov-012345678')).toBeUndefined();
  });
});

describe('formatPath', () => {
  it('writes keys and indexes as a.b[2].c', () => {
    expect(formatPath(['eligibility', 'regions', 2])).toBe('eligibility.regions[2]');
    expect(formatPath([])).toBe('(body)');
  });
});

describe('parseIfMatch', () => {
  it('reads quoted, weak and bare versions, ignores * and absence, refuses anything else', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('7')).toBe(7);
    expect(parseIfMatch('*')).toBeUndefined();
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(() => parseIfMatch('"abc"')).toThrow(AppError);
  });
});

describe('arrayLiteral', () => {
  it('quotes and escapes elements as PostgreSQL reads them', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['TN', 'a"b', 'c\\d', 'x,y'])).toBe('{"TN","a\\"b","c\\\\d","x,y"}');
  });
});

describe('readConfig', () => {
  it('has defaults for a fresh machine', () => {
    const c = readConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, loadDemo: true, logLevel: 'info' });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('reads the variables and names the one that is wrong', () => {
    expect(readConfig({ PORT: '8080', COOPHUB_DEMO: 'false', DATABASE_URL: 'postgres://x@h/db' })).toMatchObject({ port: 8080, loadDemo: false, databaseUrl: 'postgres://x@h/db' });
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readConfig({ COOPHUB_DEMO: 'maybe' })).toThrow(/COOPHUB_DEMO/);
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
});

describe('tsvectorLiteral', () => {
  it('writes each lexeme once, title lexemes with weight A, escaping quotes and backslashes', () => {
    expect(tsvectorLiteral(['mangrov', 'o\'neill'], ['mangrov', 'restor', 'a\\b', 'restor'])).toBe("'mangrov':1A 'o''neill':1A 'restor':1B 'a\\\\b':1B");
    expect(tsvectorLiteral([], [])).toBe('');
  });
});
