// JWTs for React apps: HS256 with JWT_SECRET, or any algorithm a JWKS at JWT_JWKS_URL serves.
// Claims: `sub` is the user (or customer) id, `org` the organization id — raw UUIDs or the
// global IDs the API shows. On the embedded default without JWT_SECRET, a development secret
// kept in DATA_DIR signs the tokens `npm run token` prints.
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import { config } from '../config.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A raw UUID, or the UUID inside a global ID of one of `types`. */
const idClaim = (types: string[], message: string) =>
  z.string().transform((value, ctx) => {
    if (UUID.test(value)) return value;
    const decoded = Buffer.from(value, 'base64url').toString();
    const sep = decoded.indexOf(':');
    const id = decoded.slice(sep + 1);
    if (sep > 0 && types.includes(decoded.slice(0, sep)) && UUID.test(id)) return id;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });

let developmentSecret: string | null = null;

/** The embedded default's development signing secret (used only while JWT_SECRET is unset). */
export function useDevelopmentSecret(secret: string): void {
  developmentSecret = secret;
}

const claimsSchema = z.object({
  sub: idClaim(['User', 'Customer'], 'sub must be a user or customer id (a UUID or its global ID)'),
  org: idClaim(['Organization'], 'org must be an organization id (a UUID or its global ID)'),
  exp: z.number({ message: 'exp is required (tokens must expire)' }),
  iat: z.number().optional(),
});

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

export async function verifyJwt(token: string): Promise<{ userId: string; organizationId: string; expiresAt: Date }> {
  const { JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, JWT_MAX_LIFETIME_SECONDS } = config();
  const JWT_SECRET = config().JWT_SECRET ?? developmentSecret;
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
