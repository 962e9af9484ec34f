/** Roles a token or (later) an account can hold. Finer roles and scopes arrive with accounts. */
export const ROLES = ['admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: nobody signed in, a holder of an API token, or the system itself (CLI, demo loader). */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'token'; tokenId: string; name: string; roles: readonly Role[]; readOnly: boolean }
  | { kind: 'system'; name: string };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** The system acting for an operator at the command line or at start-up (all rights). */
export function systemActor(name: string): Actor {
  return { kind: 'system', name };
}

/** How an actor is written in a record's history. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'token':
      return `token:${actor.name}`;
    case 'system':
      return `system:${actor.name}`;
  }
}
