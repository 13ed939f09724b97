// The response cache (RESPONSE_CACHE=on): a query asked again is answered from memory, and never
// stale. Every change to an organization's data appends to its activity log in the same
// transaction, so an answer is still right exactly while the log's head has not moved:
//
//   - an answer is kept with a label: a sequence of the organization's log known to have
//     committed before the query ran (from this process's signals, or read from the head);
//   - asked again, the head is read (one primary-key lookup): the same sequence → the kept
//     answer; a later one → the query runs again, labelled with the head just read.
//
// A label is never ahead of what the answer saw, so a change committed anywhere — any process —
// before the request arrives is never missed; a lagging signal only costs a miss. Only queries
// whose every field is a pure function of the logged data are kept (CACHEABLE: no clock, no
// per-request values such as `rateLimit`); answers with errors are not kept. The key holds the
// document, variables and operation name, the organization, and the credential with its scopes,
// so an answer goes only to the caller it was made for. Rate limits are spent before (a hit
// costs the same points as running it).
import { createHash } from 'node:crypto';
import {
  type DocumentNode,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { prisma } from '../db/client.js';
import { activityHub } from '../events/hub.js';
import { responseCacheLookups } from '../observability/metrics.js';
import type { RequestContext } from './context.js';

/**
 * The fields whose value changes only with an event of the organization's log (by type; '*':
 * every field). Add a field only when nothing but a logged write (no clock, no request) moves it.
 */
const CACHEABLE: Record<string, '*' | ReadonlySet<string>> = {
  Query: new Set(['agents', 'agent']),
  QueryAgentsConnection: '*',
  QueryAgentsConnectionEdge: '*',
  AgentVersionsConnection: '*',
  AgentVersionsConnectionEdge: '*',
  PageInfo: '*',
  Agent: new Set([
    'id',
    'slug',
    'name',
    'description',
    'category',
    'status',
    'capabilities',
    'tags',
    'policyScopes',
    'createdAt',
    'updatedAt',
    'haltedAt',
    'haltReason',
    'currentVersion',
    'trustScore',
    'openViolationCount',
    'versions',
  ]),
  AgentVersion: new Set([
    'id',
    'semver',
    'status',
    'changelog',
    'manifest',
    'createdAt',
    'updatedAt',
    'publishedAt',
    'archivedAt',
  ]),
  TrustScore: new Set([
    'id',
    'overall',
    'reliability',
    'competence',
    'honesty',
    'transparency',
    'tier',
    'computedAt',
    'causeVerb',
    'causeSequence',
  ]),
};

/** A query of cacheable fields only: its text, hashed (once per parsed document). */
const verdicts = new WeakMap<DocumentNode, string | null>();
function cacheableDocument(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null) {
  let verdict = verdicts.get(document);
  if (verdict !== undefined) return verdict;
  let ok = getOperationAST(document, operationName)?.operation === 'query';
  const types = new TypeInfo(schema);
  if (ok)
    visit(
      document,
      visitWithTypeInfo(types, {
        Field(node) {
          if (node.name.value === '__typename') return;
          const parent = types.getParentType();
          const allowed = parent ? CACHEABLE[getNamedType(parent).name] : undefined;
          if (!allowed || (allowed !== '*' && !allowed.has(node.name.value))) ok = false;
        },
      }),
    );
  verdict = ok ? createHash('sha256').update(print(document)).digest('base64url') : null;
  verdicts.set(document, verdict);
  return verdict;
}

interface Kept {
  label: number;
  data: unknown;
}

export function useResponseCache(maxEntries: number): Plugin {
  const kept = new Map<string, Kept>(); // in use order: the first is the least recently used
  /** The latest committed sequence this process knows of, per organization. */
  const known = new Map<string, number>();
  const learn = (organizationId: string, sequence: number) => {
    if (sequence > (known.get(organizationId) ?? -1)) known.set(organizationId, sequence);
  };
  let listening = false;
  const listen = () => {
    if (listening || !activityHub) return;
    listening = true;
    activityHub.listen((kind, organizationId, sequence) => {
      if (kind !== 'activity') return;
      // Signals may have been missed: forget every label (the next answers are read again).
      if (organizationId === null) known.clear();
      else if (sequence !== undefined) learn(organizationId, sequence);
    });
  };
  const keep = (key: string, entry: Kept) => {
    kept.delete(key);
    kept.set(key, entry);
    if (kept.size > maxEntries) kept.delete(kept.keys().next().value as string);
  };

  return {
    async onExecute({ args, setResultAndStopExecution }) {
      listen();
      const { viewer } = args.contextValue as unknown as RequestContext;
      const document = viewer && cacheableDocument(args.schema, args.document, args.operationName);
      if (!viewer || !document) return;
      const key = createHash('sha256')
        .update(
          JSON.stringify([
            document,
            args.operationName ?? null,
            args.variableValues ?? null,
            viewer.organizationId,
            viewer.actorType,
            viewer.actorId,
            viewer.userId,
            viewer.apiKeyId,
            viewer.agentId,
            viewer.customerId ?? null,
            [...viewer.scopes].sort(),
          ]),
        )
        .digest('base64url');
      const organizationId = viewer.organizationId;
      let label = known.get(organizationId) ?? -1;
      const entry = kept.get(key);
      if (entry) {
        const head =
          (await prisma.activityChainHead.findUnique({ where: { organizationId }, select: { lastSequence: true } }))
            ?.lastSequence ?? 0;
        learn(organizationId, head);
        if (head === entry.label) {
          responseCacheLookups.inc({ result: 'hit' });
          keep(key, entry);
          setResultAndStopExecution({ data: entry.data } as never);
          return;
        }
        label = head;
      }
      responseCacheLookups.inc({ result: entry ? 'stale' : 'miss' });
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result) || result.errors?.length || !result.data) return;
          keep(key, { label, data: result.data });
        },
      };
    },
  };
}
