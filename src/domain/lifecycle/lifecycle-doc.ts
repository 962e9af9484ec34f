import { matchDiagram, MATCH_TRANSITIONS } from './match-lifecycle.ts';
import { lifecycleDiagram, NEED_TRANSITIONS } from './need-lifecycle.ts';

/** The generated part of docs/LIFECYCLE.md about a match: its diagram and moves. */
export function matchDocSection(): string {
  const rows = MATCH_TRANSITIONS.map((t) => `| \`${t.name}\` | ${t.from.map((s) => `\`${s}\``).join(', ')} | ${t.by.join(', ')} | ${t.reason} |`);
  return ['```mermaid', matchDiagram().trimEnd(), '```', '', '| move | from | made by | reason |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

/** The generated part of docs/LIFECYCLE.md: the diagram (Mermaid) and the table of moves. */
export function lifecycleDocSection(): string {
  const rows = NEED_TRANSITIONS.map((t) => `| \`${t.name}\` | ${t.from.map((s) => `\`${s}\``).join(', ')} | \`${t.to}\` | ${t.by.join(', ')} | ${t.reason === 'required' ? 'required' : 'optional'} | ${t.notify.join(', ')} |`);
  return [
    '```mermaid',
    lifecycleDiagram().trimEnd(),
    '```',
    '',
    '| move | from | to | made by | reason | who is told |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
