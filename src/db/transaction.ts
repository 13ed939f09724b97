import { ConflictError } from '../graphql/errors.js';
import { prisma, type Tx } from './client.js';

/**
 * Runs `fn` in one database transaction. Under a burst (say 200 concurrent authorizations of
 * one budget, which serialize on its lock) a caller waits for a connection rather than failing.
 */
export function transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(fn, { maxWait: 30_000, timeout: 30_000 });
}

/** Turns a unique-constraint violation (Prisma P2002) into a ConflictError with `message`. */
export async function uniquely<T>(promise: Promise<T>, message: string): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new ConflictError(message);
    throw error;
  }
}
