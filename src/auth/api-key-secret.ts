// API key format: `agk_<prefix>_<secret>`. The prefix is public and indexes the row; only a
// SHA-256 hash of the secret is stored, and it is compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PATTERN = /^agk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { key: `agk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function parseApiKey(token: string): { prefix: string; secret: string } | null {
  const match = PATTERN.exec(token);
  return match ? { prefix: match[1] as string, secret: match[2] as string } : null;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('agk_');
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(secretHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
