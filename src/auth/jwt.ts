// JWTs for React apps: HS256 with JWT_SECRET, or any algorithm a JWKS at JWT_JWKS_URL serves.
// Claims: `sub` is the user id, `org` the organization id.
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import { config } from '../config.js';

const claimsSchema = z.object({
  sub: z.uuid({ message: 'sub must be a user id' }),
  org: z.uuid({ message: 'org must be an organization id' }),
  exp: z.number({ message: 'exp is required (tokens must expire)' }),
  iat: z.number().optional(),
});

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

export async function verifyJwt(token: string): Promise<{ userId: string; organizationId: string; expiresAt: Date }> {
  const { JWT_SECRET, JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, JWT_MAX_LIFETIME_SECONDS } = config();
  // jose checks exp and nbf; `requiredClaims` makes a token without exp invalid.
  const options = { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, requiredClaims: ['exp'] };
  let payload: JWTPayload;
  if (JWT_JWKS_URL) {
    jwks ??= createRemoteJWKSet(new URL(JWT_JWKS_URL));
    ({ payload } = await jwtVerify(token, jwks, options));
  } else if (JWT_SECRET) {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(JWT_SECRET), { ...options, algorithms: ['HS256'] }));
  } else {
    throw new Error('JWT authentication is not configured (set JWT_SECRET or JWT_JWKS_URL)');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new Error(claims.error.issues.map((i) => i.message).join('; '));
  const { exp, iat } = claims.data;
  const issued = iat ?? Date.now() / 1000;
  if (exp - issued > JWT_MAX_LIFETIME_SECONDS)
    throw new Error(`the token lives longer than ${JWT_MAX_LIFETIME_SECONDS} s (JWT_MAX_LIFETIME_SECONDS)`);
  return { userId: claims.data.sub, organizationId: claims.data.org, expiresAt: new Date(exp * 1000) };
}
