import type { ActorType, Role } from '../generated/prisma/enums.js';
import type { Scope } from './scopes.js';

/** The authenticated caller. Every read and write is scoped by `organizationId`. */
export interface Viewer {
  organizationId: string;
  actorType: ActorType;
  /** The user id for USER actors, the API key id for API_KEY actors. */
  actorId: string | null;
  /** The user behind the request: the JWT's subject, or the user who created the API key. */
  userId: string | null;
  apiKeyId: string | null;
  /** The agent an API key is bound to, if any. */
  agentId: string | null;
  /** The customer a customer's JWT names: they see the marketplace and their own trials only. */
  customerId?: string | null;
  role: Role | null;
  scopes: ReadonlySet<Scope>;
  /** When the credential stops working (a JWT's exp, an API key's expiry): open subscriptions end then. */
  expiresAt?: Date | null;
}

export function hasScope(viewer: Viewer | null, scope: Scope): boolean {
  return viewer?.scopes.has(scope) ?? false;
}

/** Who is calling a service, and for which request (events record both). */
export interface Caller {
  viewer: Viewer;
  requestId: string;
}

/** The system itself acting in an organization (sweeps, retention). */
export function systemCaller(organizationId: string, requestId = 'system'): Caller {
  return {
    requestId,
    viewer: {
      organizationId,
      actorType: 'SYSTEM',
      actorId: null,
      userId: null,
      apiKeyId: null,
      agentId: null,
      role: null,
      scopes: new Set(),
    },
  };
}
