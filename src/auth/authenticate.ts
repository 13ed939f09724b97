// Turns an Authorization header into a Viewer. No header: anonymous (null). A header that does
// not authenticate — unknown, revoked or expired key, bad JWT — is an UNAUTHENTICATED error.
import { clock } from '../clock.js';
import { prisma } from '../db/client.js';
import { codedError } from '../graphql/errors.js';
import { findApiKey, forgetApiKey } from './api-key-cache.js';
import { looksLikeApiKey, parseApiKey, secretMatches } from './api-key-secret.js';
import { verifyJwt } from './jwt.js';
import { CUSTOMER_SCOPES, isScope, ROLE_SCOPES } from './scopes.js';
import type { Viewer } from './viewer.js';

const LAST_USED_RESOLUTION_MS = 60_000;

const rejected = (why: string) => codedError('UNAUTHENTICATED', why);

export async function authenticate(authorization: string | null | undefined): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw rejected('The Authorization header must be "Bearer <API key or JWT>".');
  const token = match[1] as string;
  return looksLikeApiKey(token) ? viewerForApiKey(token) : viewerForJwt(token);
}

async function viewerForApiKey(token: string): Promise<Viewer> {
  const parsed = parseApiKey(token);
  const key = parsed ? await findApiKey(parsed.prefix) : null;
  if (!parsed || !key || !secretMatches(parsed.secret, key.secretHash)) throw rejected('Unknown API key.');
  const now = clock.now();
  if (key.revokedAt) throw rejected('This API key has been revoked.');
  if (key.expiresAt && key.expiresAt <= now) throw rejected('This API key has expired.');
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Coarse on purpose: one write a minute per key, not one per request.
    forgetApiKey(key.prefix, await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } }));
  }
  return {
    organizationId: key.organizationId,
    actorType: 'API_KEY',
    actorId: key.id,
    userId: key.createdById,
    apiKeyId: key.id,
    agentId: key.agentId,
    role: null,
    scopes: new Set(key.scopes.filter(isScope)),
    expiresAt: key.expiresAt,
  };
}

async function viewerForJwt(token: string): Promise<Viewer> {
  const claims = await verifyJwt(token).catch((error: Error) => {
    throw rejected(`Invalid token: ${error.message}`);
  });
  const membership = await prisma.membership.findUnique({
    where: { organizationId_userId: { organizationId: claims.organizationId, userId: claims.userId } },
  });
  if (!membership) {
    const customer = await prisma.customer.findFirst({
      where: { id: claims.userId, organizationId: claims.organizationId },
    });
    if (!customer) return invitedViewer(claims);
    return {
      organizationId: customer.organizationId,
      actorType: 'CUSTOMER',
      actorId: customer.id,
      userId: null,
      apiKeyId: null,
      agentId: null,
      customerId: customer.id,
      role: null,
      scopes: new Set(CUSTOMER_SCOPES),
      expiresAt: claims.expiresAt,
    };
  }
  return {
    organizationId: membership.organizationId,
    actorType: 'USER',
    actorId: membership.userId,
    userId: membership.userId,
    apiKeyId: null,
    agentId: null,
    role: membership.role,
    scopes: new Set(ROLE_SCOPES[membership.role]),
    expiresAt: claims.expiresAt,
  };
}

/**
 * A person invited to the organization, not a member: they may see and answer their
 * invitations (viewer.invitations, acceptInvitation, declineInvitation) and nothing else.
 * An invitation that ended without them joining (declined, revoked, expired) still lets them
 * in this far, so answering it says InvalidTransitionError whether it ended a moment before
 * the token was checked or a moment after. An ACCEPTED invitation does not: a member who was
 * removed is no one here.
 */
async function invitedViewer(claims: { userId: string; organizationId: string; expiresAt: Date }): Promise<Viewer> {
  const invitation = await prisma.invitation.findFirst({
    where: { organizationId: claims.organizationId, userId: claims.userId, status: { not: 'ACCEPTED' } },
    select: { id: true },
  });
  if (!invitation) throw rejected('The token names no member or customer of that organization.');
  return {
    organizationId: claims.organizationId,
    actorType: 'USER',
    actorId: claims.userId,
    userId: claims.userId,
    apiKeyId: null,
    agentId: null,
    role: null,
    scopes: new Set(),
    expiresAt: claims.expiresAt,
  };
}
