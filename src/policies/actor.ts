/**
 * Roles an account can hold (MISSION.md "Who uses it"). Scoped roles apply to one country, one
 * provider profile or one support centre; the others apply everywhere.
 */
export const ROLES = ['admin', 'gce', 'advisory', 'centre_staff', 'focal_point', 'provider_member', 'expert'] as const;
export type Role = (typeof ROLES)[number];

/** What a role's scope names; null for global roles. */
export const ROLE_SCOPES: Record<Role, 'country' | 'provider' | 'centre' | null> = {
  admin: null,
  gce: null,
  advisory: null,
  centre_staff: 'centre',
  focal_point: 'country',
  provider_member: 'provider',
  expert: 'provider',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'administrator: accounts, roles, vocabularies, configuration, every record',
  gce: 'global coordinating entity: oversees all centres; reads every record, edits any need',
  advisory: 'advisory-group member: reads published records and figures',
  centre_staff: "support-centre staff: reads the covered countries' requests and edits their review fields",
  focal_point: "national focal point: manages the country's requests",
  provider_member: "member of a provider organisation: manages the organisation's profile, opportunities and requests",
  expert: 'individual expert: manages their own profile and opportunities',
};

/** A role held, with its scope ('' for global roles). */
export interface Grant {
  role: Role;
  scope: string;
}

/**
 * Who is acting: nobody signed in; a person (through a browser session or one of their API
 * tokens); an operator token made at the command line (`userId` null, role admin); or the system
 * itself (CLI, demo loader).
 */
export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      /** null for an operator token made at the command line. */
      userId: string | null;
      /** How the actor is written in histories and the audit log. */
      label: string;
      grants: readonly Grant[];
      /** Countries served by the centres whose staff the user is (resolved when the actor is). */
      centreCountries: readonly string[];
      /** True for a read-only API token. */
      readOnly: boolean;
      via: 'session' | 'token';
      tokenId?: string;
      sessionId?: string;
      language?: string;
    }
  | { kind: 'system'; name: string };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** The system acting for an operator at the command line or at start-up (all rights). */
export function systemActor(name: string): Actor {
  return { kind: 'system', name };
}

/** How an actor is written in a record's history and the audit log. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'user':
      return actor.label;
    case 'system':
      return `system:${actor.name}`;
  }
}

export function hasRole(actor: Actor, role: Role, scope = ''): boolean {
  return actor.kind === 'user' && actor.grants.some((g) => g.role === role && (scope === '' || g.scope === scope));
}

/** Scopes of the grants of `roles` the actor holds. */
export function scopesOf(actor: Actor, ...roles: Role[]): string[] {
  return actor.kind === 'user' ? actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.scope) : [];
}

/** The system, or an administrator. */
export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'system' || hasRole(actor, 'admin');
}
