/**
 * Writes the state diagram and the table of moves in docs/LIFECYCLE.md from the state machine's own
 * definition (src/domain/lifecycle/need-lifecycle.ts), between the GENERATED markers. A unit test
 * fails when the file is out of date.
 *
 *   npm run docs:lifecycle
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lifecycleDocSection, matchDocSection } from '../src/domain/lifecycle/lifecycle-doc.ts';

const FILE = fileURLToPath(new URL('../docs/LIFECYCLE.md', import.meta.url));
const END = '<!-- END GENERATED -->';
let text = readFileSync(FILE, 'utf8');
for (const [source, section] of [['need-lifecycle.ts', lifecycleDocSection()], ['match-lifecycle.ts', matchDocSection()]] as const) {
  const start = `<!-- GENERATED from ${source}: npm run docs:lifecycle -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(END, from);
  if (from < 0 || to < from) throw new Error(`${FILE} lacks the markers ${start} … ${END}`);
  text = `${text.slice(0, from + start.length)}\n${section}${text.slice(to)}`;
}
writeFileSync(FILE, text);
process.stderr.write(`${FILE} updated\n`);
