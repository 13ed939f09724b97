// The SchemaBuilder: plugins, scalars and auth scopes. No types are defined here; modules do.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import ValidationPlugin from '@pothos/plugin-validation';
import WithInputPlugin from '@pothos/plugin-with-input';
import type { Scope } from '../auth/scopes.js';
import { hasScope } from '../auth/viewer.js';
import { prisma } from '../db/client.js';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import type { Decimal } from '../generated/prisma/internal/prismaNamespace.js';
import type { RequestContext } from './context.js';
import { fieldCost } from './cost.js';
import { codedError } from './errors.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import { connectionSize } from './limits.js';

export const builder = new SchemaBuilder<{
  Context: RequestContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean; scope: Scope };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    Decimal: { Input: string; Output: Decimal | string };
    ID: { Input: string; Output: string };
  };
}>({
  // The errors plugin comes before scope-auth so that auth failures stay GraphQL errors
  // (UNAUTHENTICATED/FORBIDDEN) instead of being caught into a mutation's result union.
  plugins: [
    ErrorsPlugin,
    ScopeAuthPlugin,
    PrismaPlugin,
    RelayPlugin,
    ValidationPlugin,
    WithInputPlugin,
    DataloaderPlugin,
    SimpleObjectsPlugin,
    ComplexityPlugin,
  ],
  // Costs only: operation-limits.ts checks them (with the caller's rate limit) before execution.
  complexity: { fieldComplexity: fieldCost },
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  prisma: {
    // Read lazily: the client is connected at start-up, after this module is loaded.
    client: () => prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    // A resolver that forgets to spread `query` would silently cost extra SQL statements.
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'error',
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    nodeQueryOptions: { authScopes: { authenticated: true } },
    nodesQueryOptions: { authScopes: { authenticated: true } },
    firstArgOptions: { validate: connectionSize('first') },
    lastArgOptions: { validate: connectionSize('last') },
  },
  scopeAuth: {
    // Check a subscription's scopes once, when it is created (as for queries, the codes are
    // UNAUTHENTICATED / FORBIDDEN), not again for every event.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      scope: (scope: Scope) => hasScope(ctx.viewer, scope),
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer
        ? codedError('FORBIDDEN', 'You do not have the scope this field requires.')
        : codedError('UNAUTHENTICATED', 'Authentication required: send Authorization: Bearer <API key or JWT>.'),
  },
  errors: {
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  withInput: {
    typeOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Input`,
    },
  },
});

builder.queryType({ description: 'Read the agent governance graph.' });
builder.mutationType({ description: 'Change the agent governance graph. Every mutation appends an activity event.' });
builder.subscriptionType({
  description: 'Live changes, over graphql-ws (WebSocket) or SSE, built on the activity log.',
});
