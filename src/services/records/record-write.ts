import type { RecordWrite } from '../../db/queries/records.ts';
import { tsvectorLiteral } from '../../db/queries/sql-helpers.ts';
import { matchTags } from '../../domain/matching/profile.ts';
import { fillAbsent } from '../../domain/records/normalize.ts';
import type { RegistryDefinition } from '../../domain/records/registry.ts';
import { indexTerms } from '../../domain/text/analyze.ts';
import { countriesIn } from '../../vocab/catalog.ts';

/** A stored document in canonical form (all fields, schema key order), whatever order the database kept. */
export function canonicalDoc(def: RegistryDefinition, doc: Record<string, unknown>): Record<string, unknown> {
  return fillAbsent(def.fields, doc, def.defaults);
}

/** The row to store for a validated document: denormalised filter columns and search lexemes. */
export function toRecordWrite(
  def: RegistryDefinition,
  doc: Record<string, unknown>,
  meta: { id: string; version: number; createdAt: Date; updatedAt: Date; createdBy: string; updatedBy: string },
): RecordWrite {
  const ix = def.index(doc, (area) => countriesIn(area) ?? []);
  const language = String(doc.language);
  const extra: RecordWrite['extra'] = {};
  if (def.type === 'provider') {
    extra.kind = String(doc.kind);
    const served = [...(doc.countriesServed as string[]), ...(doc.regionsServed as string[]).flatMap((a) => countriesIn(a) ?? [])];
    extra.served = [...new Set(served)];
  } else if (def.type === 'need') {
    extra.providerId = ((doc.organisation as { providerId?: string | null } | undefined)?.providerId ?? null) as string | undefined;
  } else if (def.type === 'opportunity') {
    extra.kind = String(doc.kind);
    extra.providerId = String(doc.providerId);
    extra.deadline = (doc.applicationDeadline as string | null) ?? null;
  }
  const tags = matchTags(def.type, doc);
  return {
    ...meta,
    status: String(doc.status),
    language,
    title: ix.title,
    doc,
    countries: ix.countries,
    targets: ix.targets,
    subjects: ix.subjects,
    assistanceTypes: ix.assistanceTypes,
    languages: ix.languages,
    search: tsvectorLiteral(indexTerms(ix.titleText, language), indexTerms(ix.bodyText, language)),
    concepts: Object.keys(tags.concepts),
    matchTags: tags,
    extra,
  };
}
