// Open subscriptions live only as long as the credential that opened them. Each one is
// registered here with its viewer; it ends, with a final UNAUTHENTICATED error that says why,
// when the credential does: its API key is revoked, its member is removed or changes role (the
// scopes it was authorized with are gone), or the key or JWT expires. Revocations are activity
// events, which every server process hears from its hub, so all processes end their
// subscriptions of the credential within a signal's delay. The per-caller cap on open
// subscriptions (SUBSCRIPTIONS_MAX_PER_CALLER) is counted here too.
import type { ExecutionResult, GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { prisma } from '../db/client.js';
import { activityHub } from '../events/hub.js';
import type { ActivityEvent } from '../generated/prisma/client.js';
import { codedError } from '../graphql/errors.js';
import type { Viewer } from './viewer.js';

interface Watched {
  viewer: Viewer;
  end: (reason: string, code?: 'UNAUTHENTICATED' | 'SHUTTING_DOWN') => void;
}

interface OrganizationWatch {
  subscriptions: Set<Watched>;
  unsubscribe: Promise<() => void>;
}

const organizations = new Map<string, OrganizationWatch>();
const perCaller = new Map<string, number>();

function callerKey(viewer: Viewer): string {
  if (viewer.apiKeyId) return `key:${viewer.apiKeyId}`;
  if (viewer.customerId) return `customer:${viewer.customerId}`;
  return `user:${viewer.organizationId}:${viewer.userId}`;
}

/** Why `event` ends `viewer`'s subscriptions, or null. */
function endedBy(event: ActivityEvent, viewer: Viewer): string | null {
  const payload = (event.payload ?? {}) as { userId?: string };
  switch (event.verb) {
    case 'api_key.revoked':
      return viewer.apiKeyId === event.subjectId ? 'The API key was revoked.' : null;
    case 'member.removed':
      return viewer.actorType === 'USER' && viewer.userId === payload.userId
        ? 'You were removed from the organization.'
        : null;
    case 'member.role_changed':
      return viewer.actorType === 'USER' && viewer.userId === payload.userId
        ? 'Your role changed: subscribe again with your new scopes.'
        : null;
    default:
      return null;
  }
}

/**
 * Why `viewer`'s credential has ended by now, reading the database, or null. A subscription is
 * checked once this way right after it is watched: a credential can be revoked between its
 * authentication (another process trusts its cached key for API_KEY_CACHE_SECONDS) and the
 * watch, and the revocation's event then passed before anyone listened for it. Revocations
 * committed after this read arrive as events.
 */
async function endedAlready(viewer: Viewer): Promise<string | null> {
  if (viewer.apiKeyId) {
    const key = await prisma.apiKey.findUnique({ where: { id: viewer.apiKeyId }, select: { revokedAt: true } });
    return !key || key.revokedAt ? 'The API key was revoked.' : null;
  }
  if (viewer.actorType === 'USER' && viewer.userId && viewer.role) {
    const membership = await prisma.membership.findUnique({
      where: { organizationId_userId: { organizationId: viewer.organizationId, userId: viewer.userId } },
      select: { role: true },
    });
    if (!membership) return 'You were removed from the organization.';
    return membership.role === viewer.role ? null : 'Your role changed: subscribe again with your new scopes.';
  }
  return null;
}

function watchOrganization(organizationId: string): OrganizationWatch {
  let watch = organizations.get(organizationId);
  if (!watch) {
    const subscriptions = new Set<Watched>();
    const hub = activityHub;
    const unsubscribe = hub
      ? hub
          .subscribe(organizationId, (event) => {
            for (const watched of subscriptions) {
              const reason = endedBy(event, watched.viewer);
              if (reason) watched.end(reason);
            }
          })
          .then((s) => s.unsubscribe)
      : Promise.resolve(() => {});
    watch = { subscriptions, unsubscribe };
    organizations.set(organizationId, watch);
  }
  return watch;
}

function unwatch(organizationId: string, watched: Watched) {
  const watch = organizations.get(organizationId);
  if (!watch) return;
  watch.subscriptions.delete(watched);
  if (watch.subscriptions.size === 0) {
    organizations.delete(organizationId);
    void watch.unsubscribe.then((stop) => stop());
  }
}

/** Open subscriptions in this process (metrics). */
export function openSubscriptionCount(): number {
  let n = 0;
  for (const count of perCaller.values()) n += count;
  return n;
}

/** Ends every open subscription of this process with `reason` (the server is stopping). */
export function endAllSubscriptions(reason: string) {
  for (const watch of organizations.values())
    for (const watched of [...watch.subscriptions]) watched.end(reason, 'SHUTTING_DOWN');
}

/** Refuses a new subscription when the caller holds `max` already (in this process). */
export function assertSubscriptionQuota(viewer: Viewer | null, max: number) {
  if (!viewer) return;
  const open = perCaller.get(callerKey(viewer)) ?? 0;
  if (open >= max)
    throw codedError(
      'RATE_LIMITED',
      `You hold ${open} open subscriptions, the most allowed (SUBSCRIPTIONS_MAX_PER_CALLER); end one first.`,
    );
}

/**
 * Registers a subscription of `viewer`: `end` is called once, with an UNAUTHENTICATED (or, at
 * shutdown, SHUTTING_DOWN) error naming the reason, when its credential ends. Returns the
 * release to call when the subscription ends for any reason. No per-event work: the subscriber's
 * own stream (shared-subscriptions.ts, or watchCredential) delivers the error and stops.
 */
export function guardSubscription(viewer: Viewer, end: (error: GraphQLError) => void): () => void {
  const key = callerKey(viewer);
  perCaller.set(key, (perCaller.get(key) ?? 0) + 1);
  let ended = false;
  const watched: Watched = {
    viewer,
    end: (reason, code = 'UNAUTHENTICATED') => {
      if (ended) return;
      ended = true;
      const error = codedError('UNAUTHENTICATED', `Subscription ended: ${reason}`);
      error.extensions.code = code;
      end(error);
    },
  };
  const watch = watchOrganization(viewer.organizationId);
  watch.subscriptions.add(watched);
  // Once the organization's events reach `watched`, whatever ended the credential before is read.
  void watch.unsubscribe
    .then(() => (ended ? null : endedAlready(viewer)))
    .then((reason) => reason && watched.end(reason))
    .catch(() => {
      // The database did not answer: the credential is still watched for its events.
    });
  const untilExpiry = viewer.expiresAt ? viewer.expiresAt.getTime() - Date.now() : null;
  // setTimeout's longest delay is about 24.8 days; a credential that outlives it is checked then.
  const timer =
    untilExpiry === null
      ? null
      : setTimeout(() => watched.end('The credential expired.'), Math.max(0, Math.min(untilExpiry, 2 ** 31 - 1)));
  timer?.unref();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (timer) clearTimeout(timer);
    unwatch(viewer.organizationId, watched);
    const left = (perCaller.get(key) ?? 1) - 1;
    if (left > 0) perCaller.set(key, left);
    else perCaller.delete(key);
  };
}

/**
 * `source` (an SSE subscription's stream), ended when `viewer`'s credential ends: the last result
 * it delivers then is the error naming the reason.
 */
export function watchCredential(
  viewer: Viewer | null,
  source: AsyncIterable<ExecutionResult>,
): AsyncIterable<ExecutionResult> {
  if (!viewer) return source;
  return new Repeater<ExecutionResult>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    const release = guardSubscription(viewer, (error) => {
      void push({ errors: [error] }).then(
        () => stop(),
        () => stop(),
      );
    });
    void (async () => {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          await push(next.value);
        }
        stop();
      } catch (error) {
        stop(error);
      }
    })();
    await stop;
    release();
    // Ends the upstream, and with it a read still waiting for its next event.
    await iterator.return?.();
  });
}
