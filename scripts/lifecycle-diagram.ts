/**
 * Writes the state diagram and the table of moves in docs/LIFECYCLE.md from the state machine's own
 * definition (src/domain/lifecycle/need-lifecycle.ts), between the GENERATED markers. A unit test
 * fails when the file is out of date.
 *
 *   npm run docs:lifecycle
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lifecycleDocSection } from '../src/domain/lifecycle/lifecycle-doc.ts';

const FILE = fileURLToPath(new URL('../docs/LIFECYCLE.md', import.meta.url));
const START = '<!-- GENERATED from need-lifecycle.ts: npm run docs:lifecycle -->';
const END = '<!-- END GENERATED -->';
const text = readFileSync(FILE, 'utf8');
const from = text.indexOf(START);
const to = text.indexOf(END);
if (from < 0 || to < from) throw new Error(`${FILE} lacks the markers ${START} … ${END}`);
writeFileSync(FILE, `${text.slice(0, from + START.length)}\n${lifecycleDocSection()}${text.slice(to)}`);
process.stderr.write(`${FILE} updated\n`);
