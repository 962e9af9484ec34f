import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { countRecords } from '../../db/queries/records.ts';
import { RECORD_TYPES } from '../../lib/ids.ts';
import type { ServiceContext } from '../context.ts';
import { type ImportOptions, type ImportReport, importRecords } from '../records/import-records.ts';
import { saveCentre } from '../accounts/roles.ts';

const DEMO_DIR = new URL('../../demo/data/', import.meta.url);

/** The demo records (JSON Lines files in src/demo/data), providers first. */
export function demoLines(): string[] {
  const files = readdirSync(fileURLToPath(DEMO_DIR)).filter((f) => f.endsWith('.jsonl')).sort();
  const lines = files.flatMap((f) => readFileSync(new URL(f, DEMO_DIR), 'utf8').split('\n').filter((l) => l.trim()));
  const rank = (l: string) => (l.includes('"type":"provider"') ? 0 : l.includes('"type":"need"') ? 1 : 2);
  return lines.sort((a, b) => rank(a) - rank(b));
}

/** Whether all three registries are empty. */
export async function isDatabaseEmpty(ctx: ServiceContext): Promise<boolean> {
  for (const type of RECORD_TYPES) if ((await countRecords(ctx.db, type)) > 0) return false;
  return true;
}

/**
 * Loads the demo records through the ordinary import (so they are validated like any other data),
 * spreading their creation dates over the past months so that "latest" lists look lived-in.
 */
export async function seedDemoData(ctx: ServiceContext, options: Pick<ImportOptions, 'onProgress'> = {}): Promise<ImportReport> {
  const lines = demoLines();
  const now = ctx.now().getTime();
  const step = (180 * 86_400_000) / Math.max(lines.length, 1);
  const report = await importRecords(ctx, lines, {
    ...options,
    action: 'create',
    defaultTimestamp: (line) => new Date(Math.floor(now - (lines.length - line) * step)),
  });
  if (report.ok) await seedDemoCentres(ctx);
  return report;
}

/**
 * The 18 support centres selected in 2024 (src/demo/data/centres.json), each with a plausible
 * coverage by UN M49 subregion and country: which countries each serves is not public, and the
 * global coordinating entity reassigns them on the platform.
 */
export async function seedDemoCentres(ctx: ServiceContext): Promise<number> {
  const centres = JSON.parse(readFileSync(new URL('centres.json', DEMO_DIR), 'utf8')) as Array<{ id: string; name: string; region: string; email: string; subregions: string[]; countries: string[] }>;
  for (const c of centres) await saveCentre(ctx, c.id, c);
  return centres.length;
}
