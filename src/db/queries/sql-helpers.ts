import { type SQL, sql } from 'drizzle-orm';

/**
 * A text[] value bound as one parameter in PostgreSQL's array syntax (works alike on PostgreSQL and
 * PGlite, and costs one parameter however long the list is).
 */
export function textArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values)}::text[]`;
}

/** `{"a","b"}` with quotes and backslashes escaped, as PostgreSQL reads a text[] literal. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * A tsvector value from a literal built by tsvectorLiteral.
 *
 * The literal holds lexemes computed by the app: each lexeme once,
 * at position 1, weighted A when it is in the title and B otherwise, so ts_rank favours titles.
 * (array_to_tsvector would be simpler but keeps no positions, and weights live on positions.)
 */
export function searchVector(literal: string): SQL {
  return sql`${literal}::tsvector`;
}

/**
 * `'forest':1A 'mangrov':1B` — title lexemes first, then the rest — with quotes doubled and
 * backslashes escaped, as tsvector input reads it. Called for every imported record, so it avoids
 * regular expressions and intermediate maps.
 */
export function tsvectorLiteral(titleLexemes: readonly string[], bodyLexemes: readonly string[]): string {
  const inTitle = new Set(titleLexemes);
  const parts: string[] = [];
  for (const l of inTitle) if (usable(l)) parts.push(`${quoteLexeme(l)}:1A`);
  const seen = new Set<string>();
  for (const l of bodyLexemes) {
    if (inTitle.has(l) || seen.has(l) || !usable(l)) continue;
    seen.add(l);
    parts.push(`${quoteLexeme(l)}:1B`);
  }
  return parts.join(' ');
}

function quoteLexeme(lexeme: string): string {
  if (!lexeme.includes("'") && !lexeme.includes('\\')) return `'${lexeme}'`;
  return `'${lexeme.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

// PostgreSQL refuses lexemes longer than 2047 bytes; the analyser already caps tokens far below.
function usable(lexeme: string): boolean {
  return lexeme.length > 0 && lexeme.length <= 200;
}
