import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifecycleDocSection, matchDocSection } from './lifecycle-doc.ts';
import {
  availableTransitions, checkTransition, EXPIRABLE_STATES, FINAL_STATES, lifecycleDiagram, NEED_STATES, NEED_TRANSITIONS, OPEN_STATES, type Role, transitionBetween,
} from './need-lifecycle.ts';

const ALL_ROLES: Role[] = ['owner', 'reviewer', 'provider', 'system'];

describe('the request lifecycle', () => {
  it('names only known states, and every state but draft can be reached', () => {
    const reached = new Set(NEED_TRANSITIONS.map((t) => t.to));
    for (const t of NEED_TRANSITIONS) for (const s of [...t.from, t.to]) expect(NEED_STATES).toContain(s);
    expect(NEED_STATES.filter((s) => s !== 'draft' && !reached.has(s))).toEqual([]);
    expect(new Set(NEED_TRANSITIONS.map((t) => t.name)).size).toBe(NEED_TRANSITIONS.length);
  });

  it('leads from draft to evaluated along the main path', () => {
    const path = ['submit', 'start_review', 'publish', 'open_matchmaking', 'match', 'agree', 'start_implementation', 'complete', 'evaluate'];
    let state = 'draft';
    for (const name of path) {
      const check = checkTransition(state, name, ALL_ROLES);
      expect(check.ok, `${name} from ${state}`).toBe(true);
      if (check.ok) state = check.transition.to;
    }
    expect(state).toBe('evaluated');
  });

  it('ends nowhere else from a final state', () => {
    for (const s of FINAL_STATES) expect(availableTransitions(s, ALL_ROLES), s).toEqual([]);
  });

  it('lets a request be withdrawn from any open state and expire before anything is agreed', () => {
    for (const s of OPEN_STATES) expect(checkTransition(s, 'withdraw', ['owner'], 'no longer needed').ok, s).toBe(true);
    for (const s of EXPIRABLE_STATES) expect(checkTransition(s, 'expire', ['system']).ok, s).toBe(true);
    expect(checkTransition('in_implementation', 'expire', ['system']).ok).toBe(false);
    expect(checkTransition('completed', 'withdraw', ['owner'], 'x').ok).toBe(false);
  });

  it('refuses every move that is not in the table, saying why and what is possible', () => {
    for (const state of NEED_STATES) {
      for (const t of NEED_TRANSITIONS) {
        const legal = (t.from as readonly string[]).includes(state);
        const check = checkTransition(state, t.name, ALL_ROLES, 'a reason');
        expect(check.ok, `${t.name} from ${state}`).toBe(legal);
        if (!check.ok) {
          expect(check.problem).toBe('not_from_here');
          expect(check.message).toContain(state);
        }
      }
    }
    const unknown = checkTransition('draft', 'teleport', ALL_ROLES);
    expect(!unknown.ok && unknown.problem).toBe('unknown_transition');
  });

  it('gives each move to the right people: owners submit, reviewers publish, return and decline', () => {
    expect(checkTransition('draft', 'submit', ['owner']).ok).toBe(true);
    const publish = checkTransition('under_review', 'publish', ['owner']);
    expect(!publish.ok && publish.problem).toBe('not_yours');
    expect(!publish.ok && publish.allowed).toEqual(['withdraw']);
    expect(checkTransition('under_review', 'publish', ['reviewer']).ok).toBe(true);
    expect(checkTransition('agreed', 'start_implementation', ['provider']).ok).toBe(true);
    expect(checkTransition('matched', 'agree', ['owner']).ok).toBe(false); // agreements make that move
  });

  it('asks for a reason to return or decline a request', () => {
    for (const name of ['return', 'decline']) {
      const without = checkTransition('under_review', name, ['reviewer'], '  ');
      expect(!without.ok && without.problem, name).toBe('reason_required');
      expect(checkTransition('under_review', name, ['reviewer'], 'The budget is missing').ok, name).toBe(true);
    }
  });

  it('finds the transition behind a change of status', () => {
    expect(transitionBetween('draft', 'submitted')?.name).toBe('submit');
    expect(transitionBetween('submitted', 'published')?.name).toBe('publish');
    expect(transitionBetween('draft', 'published')).toBeUndefined();
  });

  it('draws its diagram from the same tables', () => {
    const diagram = lifecycleDiagram();
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const t of NEED_TRANSITIONS) expect(diagram).toContain(`: ${t.name} (`);
    expect(diagram).toContain('under_review --> returned: return (reviewer; reason)');
  });

  it('is what docs/LIFECYCLE.md shows (npm run docs:lifecycle writes it)', () => {
    const doc = readFileSync(new URL('../../../docs/LIFECYCLE.md', import.meta.url), 'utf8');
    expect(doc).toContain(lifecycleDocSection());
    expect(doc).toContain(matchDocSection());
  });
});
