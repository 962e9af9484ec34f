// The lifecycle of one match between a request and an offer (a provider, or one of its
// opportunities): proposed → interest expressed → accepted by both sides → agreement, or declined
// with a reason. Like the request's, one table that the services consult and the docs draw.

export const MATCH_STATES = ['proposed', 'interest_expressed', 'accepted', 'agreed', 'declined'] as const;
export type MatchState = (typeof MATCH_STATES)[number];

/**
 * The parts people play in a match: the requesting side (the request's owners), the providing
 * side (members of the provider), the reviewers (staff of a centre covering the request's
 * countries, the global coordinating entity, administrators), and the platform.
 */
export type MatchRole = 'requester' | 'provider' | 'reviewer' | 'system';
/** Who proposed a match: the matchmaking suggestions (through a person), centre staff, either party. */
export type Side = 'requester' | 'provider';

export interface MatchTransition {
  name: 'express_interest' | 'accept' | 'decline' | 'agree';
  from: readonly MatchState[];
  by: readonly MatchRole[];
  reason: 'required' | 'optional';
}

export const MATCH_TRANSITIONS: readonly MatchTransition[] = [
  { name: 'express_interest', from: ['proposed'], by: ['requester', 'provider'], reason: 'optional' },
  { name: 'accept', from: ['proposed', 'interest_expressed'], by: ['requester', 'provider'], reason: 'optional' },
  { name: 'decline', from: ['proposed', 'interest_expressed', 'accepted'], by: ['requester', 'provider', 'reviewer'], reason: 'required' },
  { name: 'agree', from: ['accepted'], by: ['requester', 'provider', 'reviewer', 'system'], reason: 'optional' },
];

export interface MatchFacts {
  state: string;
  requesterAcceptedAt: Date | null;
  providerAcceptedAt: Date | null;
}

export type MatchMove =
  | { ok: true; to: MatchState; transition: MatchTransition; /** Which side's acceptance this records. */ accepts?: Side }
  | { ok: false; problem: 'unknown_transition' | 'not_from_here' | 'not_yours' | 'reason_required' | 'already_accepted'; message: string };

/**
 * Whether `roles` may make the move `name` on a match, and the state it leads to. Accepting records
 * one side's acceptance; the match is `accepted` once both sides have (until then it shows interest).
 */
export function checkMatchMove(match: MatchFacts, name: string, roles: readonly MatchRole[], reason?: string | null): MatchMove {
  const transition = MATCH_TRANSITIONS.find((t) => t.name === name);
  if (!transition) return { ok: false, problem: 'unknown_transition', message: `"${name}" is not a move of a match; they are: ${MATCH_TRANSITIONS.map((t) => t.name).join(', ')}` };
  if (!(transition.from as readonly string[]).includes(match.state)) {
    return { ok: false, problem: 'not_from_here', message: `A match that is ${match.state} cannot be moved by "${name}" (only from ${transition.from.join(', ')})` };
  }
  if (!transition.by.some((r) => roles.includes(r))) return { ok: false, problem: 'not_yours', message: `"${name}" is made by ${transition.by.join(' or ')}, not by you` };
  if (transition.reason === 'required' && !reason?.trim()) return { ok: false, problem: 'reason_required', message: `"${name}" needs a reason` };
  if (name === 'accept') {
    // A person on both sides (rare) accepts for the requesting side first.
    const side: Side = roles.includes('requester') && !match.requesterAcceptedAt ? 'requester' : roles.includes('provider') ? 'provider' : 'requester';
    const already = side === 'requester' ? match.requesterAcceptedAt : match.providerAcceptedAt;
    if (already) return { ok: false, problem: 'already_accepted', message: `The ${side === 'requester' ? 'requesting' : 'providing'} side has accepted this match already` };
    const other = side === 'requester' ? match.providerAcceptedAt : match.requesterAcceptedAt;
    return { ok: true, to: other ? 'accepted' : 'interest_expressed', transition, accepts: side };
  }
  const to: MatchState = name === 'express_interest' ? 'interest_expressed' : name === 'decline' ? 'declined' : 'agreed';
  return { ok: true, to, transition };
}

/** The moves `roles` may make on a match now. */
export function availableMatchMoves(match: MatchFacts, roles: readonly MatchRole[]): string[] {
  return MATCH_TRANSITIONS.filter((t) => checkMatchMove(match, t.name, roles, 'x').ok).map((t) => t.name);
}

/** The match lifecycle in Mermaid syntax, found by trying every move from every state (with and without the other side's acceptance). */
export function matchDiagram(): string {
  const edges = new Map<string, Set<string>>();
  const when = new Date(0);
  for (const state of MATCH_STATES) {
    for (const t of MATCH_TRANSITIONS) {
      for (const [roles, facts, note] of [
        [['requester'], { requesterAcceptedAt: null, providerAcceptedAt: null }, ''],
        [['provider'], { requesterAcceptedAt: when, providerAcceptedAt: null }, ' (the other side had)'],
        [['reviewer', 'system'], { requesterAcceptedAt: null, providerAcceptedAt: null }, ''],
      ] as const) {
        const move = checkMatchMove({ state, ...facts }, t.name, roles, 'a reason');
        if (!move.ok) continue;
        const key = `${state} --> ${move.to}`;
        if (!edges.has(key)) edges.set(key, new Set());
        edges.get(key)!.add(`${t.name}${t.name === 'accept' ? note : ''} (${t.by.join(', ')}${t.reason === 'required' ? '; reason' : ''})`);
      }
    }
  }
  const lines = ['stateDiagram-v2', '  [*] --> proposed: propose (reviewer, requester, provider)'];
  for (const [edge, labels] of edges) lines.push(`  ${edge}: ${[...labels].join(' / ')}`);
  for (const s of ['agreed', 'declined']) lines.push(`  ${s} --> [*]`);
  return `${lines.join('\n')}\n`;
}
