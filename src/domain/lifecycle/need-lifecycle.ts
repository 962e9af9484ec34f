// The lifecycle of a request for assistance, as one explicit state machine: the states, every
// transition with who may make it, whether it needs a reason, and whom it concerns. Services ask
// this module whether a move is legal; docs/LIFECYCLE.md draws its diagram from these tables
// (scripts/lifecycle-diagram.ts), so the picture cannot drift from the rules.

export const NEED_STATES = [
  'draft',
  'submitted',
  'under_review',
  'returned',
  'declined',
  'published',
  'in_matchmaking',
  'matched',
  'agreed',
  'in_implementation',
  'completed',
  'evaluated',
  'withdrawn',
  'expired',
] as const;
export type NeedState = (typeof NEED_STATES)[number];

/**
 * Who acts, as the lifecycle sees it: the request's owners (its countries' focal points, its
 * organisation's members), the reviewers (staff of a centre covering one of its countries, the
 * global coordinating entity, administrators), a provider party to one of its matches, or the
 * platform itself (a background job, or the consequence of another change).
 */
export type Role = 'owner' | 'reviewer' | 'provider' | 'system';

/** Who is told when a transition happens. */
export type Audience = 'owners' | 'centre' | 'providers' | 'gce';

export interface Transition {
  name: string;
  from: readonly NeedState[];
  to: NeedState;
  by: readonly Role[];
  /** Whether a reason must be given (shown to the people concerned). */
  reason: 'required' | 'optional';
  notify: readonly Audience[];
}

/** States from which a request may still be withdrawn. */
export const OPEN_STATES: readonly NeedState[] = ['draft', 'submitted', 'under_review', 'returned', 'published', 'in_matchmaking', 'matched', 'agreed', 'in_implementation'];
/** States in which a request may expire (nothing agreed yet). */
export const EXPIRABLE_STATES: readonly NeedState[] = ['submitted', 'under_review', 'returned', 'published', 'in_matchmaking', 'matched'];
/** States where nothing more happens. */
export const FINAL_STATES: readonly NeedState[] = ['declined', 'evaluated', 'withdrawn', 'expired'];
/** States in which anyone may read the request. */
export const PUBLIC_NEED_STATES: readonly NeedState[] = ['published', 'in_matchmaking', 'matched', 'agreed', 'in_implementation', 'completed', 'evaluated'];
/** States in which the request is offered to providers (the matchmaking index and suggestions). */
export const MATCHABLE_NEED_STATES: readonly NeedState[] = ['published', 'in_matchmaking'];

export const NEED_TRANSITIONS: readonly Transition[] = [
  { name: 'submit', from: ['draft', 'returned'], to: 'submitted', by: ['owner', 'reviewer'], reason: 'optional', notify: ['centre', 'owners'] },
  { name: 'start_review', from: ['submitted'], to: 'under_review', by: ['reviewer'], reason: 'optional', notify: ['owners'] },
  { name: 'publish', from: ['submitted', 'under_review'], to: 'published', by: ['reviewer'], reason: 'optional', notify: ['owners'] },
  { name: 'return', from: ['submitted', 'under_review'], to: 'returned', by: ['reviewer'], reason: 'required', notify: ['owners'] },
  { name: 'decline', from: ['submitted', 'under_review'], to: 'declined', by: ['reviewer'], reason: 'required', notify: ['owners'] },
  { name: 'open_matchmaking', from: ['published'], to: 'in_matchmaking', by: ['reviewer', 'system'], reason: 'optional', notify: ['owners'] },
  { name: 'match', from: ['published', 'in_matchmaking'], to: 'matched', by: ['system', 'reviewer'], reason: 'optional', notify: ['owners', 'centre', 'providers'] },
  { name: 'agree', from: ['matched'], to: 'agreed', by: ['system', 'reviewer'], reason: 'optional', notify: ['owners', 'centre', 'providers'] },
  { name: 'start_implementation', from: ['agreed'], to: 'in_implementation', by: ['owner', 'provider', 'reviewer'], reason: 'optional', notify: ['owners', 'centre', 'providers'] },
  { name: 'complete', from: ['in_implementation'], to: 'completed', by: ['owner', 'provider', 'reviewer'], reason: 'optional', notify: ['owners', 'centre', 'providers'] },
  { name: 'evaluate', from: ['completed'], to: 'evaluated', by: ['system', 'reviewer'], reason: 'optional', notify: ['owners', 'centre', 'providers'] },
  { name: 'withdraw', from: OPEN_STATES, to: 'withdrawn', by: ['owner', 'reviewer'], reason: 'optional', notify: ['owners', 'centre', 'providers'] },
  { name: 'expire', from: EXPIRABLE_STATES, to: 'expired', by: ['system', 'reviewer'], reason: 'optional', notify: ['owners', 'centre'] },
];

export type TransitionName = (typeof NEED_TRANSITIONS)[number]['name'];

export type TransitionCheck =
  | { ok: true; transition: Transition }
  | { ok: false; problem: 'unknown_transition' | 'not_from_here' | 'not_yours' | 'reason_required'; message: string; allowed: string[] };

/** The transitions `roles` may make from `state`. */
export function availableTransitions(state: string, roles: readonly Role[]): Transition[] {
  return NEED_TRANSITIONS.filter((t) => (t.from as readonly string[]).includes(state) && t.by.some((r) => roles.includes(r)));
}

/** Whether `roles` may move a request in `state` by `name`, with `reason`; why not, otherwise. */
export function checkTransition(state: string, name: string, roles: readonly Role[], reason?: string | null): TransitionCheck {
  const allowed = availableTransitions(state, roles).map((t) => t.name);
  const transition = NEED_TRANSITIONS.find((t) => t.name === name);
  if (!transition) {
    return { ok: false, problem: 'unknown_transition', allowed, message: `"${name}" is not a transition; they are: ${NEED_TRANSITIONS.map((t) => t.name).join(', ')}` };
  }
  if (!(transition.from as readonly string[]).includes(state)) {
    return { ok: false, problem: 'not_from_here', allowed, message: `A request that is ${state} cannot be moved by "${name}" (only from ${transition.from.join(', ')})${allowed.length ? `; from here: ${allowed.join(', ')}` : ''}` };
  }
  if (!transition.by.some((r) => roles.includes(r))) {
    return { ok: false, problem: 'not_yours', allowed, message: `"${name}" is made by ${transition.by.join(' or ')}, not by you${allowed.length ? `; you may: ${allowed.join(', ')}` : ''}` };
  }
  if (transition.reason === 'required' && !reason?.trim()) {
    return { ok: false, problem: 'reason_required', allowed, message: `"${name}" needs a reason` };
  }
  return { ok: true, transition };
}

/** The transition that leads from `from` to `to`, if exactly one state change is meant (for status changes made by editing). */
export function transitionBetween(from: string, to: string): Transition | undefined {
  return NEED_TRANSITIONS.find((t) => t.to === to && (t.from as readonly string[]).includes(from));
}

/** The diagram of the lifecycle in Mermaid syntax, drawn from the tables above. */
export function lifecycleDiagram(): string {
  const lines = ['stateDiagram-v2', '  [*] --> draft'];
  for (const t of NEED_TRANSITIONS) {
    if (t.name === 'withdraw' || t.name === 'expire') continue; // drawn once each below, from "any open state"
    for (const from of t.from) lines.push(`  ${from} --> ${t.to}: ${t.name} (${t.by.join(', ')}${t.reason === 'required' ? '; reason' : ''})`);
  }
  lines.push('  state "any open state" as open', '  open --> withdrawn: withdraw (owner, reviewer)', '  state "any state before an agreement" as unagreed', '  unagreed --> expired: expire (system, reviewer)');
  for (const s of FINAL_STATES) lines.push(`  ${s} --> [*]`);
  return `${lines.join('\n')}\n`;
}
