// Opaque global IDs: base64url("<Type>:<uuid>"). An ID that does not decode is bad input; an ID
// that decodes but names no row this caller can see behaves exactly like a missing row.
import { codedError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded = Buffer.from(globalId, 'base64url').toString();
  const sep = decoded.indexOf(':');
  if (sep <= 0 || encodeGlobalId(decoded.slice(0, sep), decoded.slice(sep + 1)) !== globalId.replace(/=+$/, '')) {
    throw codedError('BAD_USER_INPUT', `Malformed ID: ${JSON.stringify(globalId.slice(0, 100))}`);
  }
  return { typename: decoded.slice(0, sep), id: decoded.slice(sep + 1) };
}

/** The database id inside a global ID of the given type, or null when it cannot exist. */
export function idFor(typename: string, globalId: { typename: string; id: string }): string | null {
  return globalId.typename === typename && UUID.test(globalId.id) ? globalId.id : null;
}
