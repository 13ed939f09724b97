// The key that signs activity checkpoints: Ed25519, kept outside the database (a file, by
// default DATA_DIR/activity-signing-key.pem, created on first use with mode 0600), so that a
// database superuser who rewrites the log cannot sign a matching checkpoint. The one place
// checkpoint statements are built, signed and checked.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import canonicalizeModule from 'canonicalize';
import { config } from '../config.js';

// The package's CommonJS typing has no call signature under NodeNext (as in append.ts).
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;

export interface CheckpointClaims {
  organizationId: string;
  sequence: number;
  hash: string;
  signedAt: Date;
}

let keys: { privateKey: KeyObject; publicKeyPem: string } | undefined;

function keyFile(): string {
  const cfg = config();
  return cfg.ACTIVITY_SIGNING_KEY_FILE ?? path.join(cfg.DATA_DIR, 'activity-signing-key.pem');
}

function loadKeys() {
  if (keys) return keys;
  const file = keyFile();
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(path.dirname(file), { recursive: true });
    const generated = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      writeFileSync(file, generated, { mode: 0o600, flag: 'wx' });
    } catch (raced) {
      // Another process created it first: use theirs.
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
    }
    pem = readFileSync(file, 'utf8');
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key`);
  keys = { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() };
  return keys;
}

/** The exact bytes that are signed: canonical JSON (RFC 8785) of the claims. */
export function checkpointStatement(claims: CheckpointClaims): string {
  return canonicalize({
    algorithm: 'Ed25519',
    organizationId: claims.organizationId,
    sequence: claims.sequence,
    hash: claims.hash,
    signedAt: claims.signedAt.toISOString(),
  });
}

export function signCheckpoint(claims: CheckpointClaims): string {
  return sign(null, Buffer.from(checkpointStatement(claims)), loadKeys().privateKey).toString('base64');
}

/** Whether `signature` is this server's signature of `claims`. */
export function checkpointSignatureValid(claims: CheckpointClaims, signature: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(checkpointStatement(claims)),
      createPublicKey(loadKeys().privateKey),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** The public key (SPKI PEM) auditors check signatures with. */
export function checkpointPublicKey(): string {
  return loadKeys().publicKeyPem;
}
