import type { Viewer } from '../../auth/viewer.js';
import { prisma } from '../../db/client.js';
import { ActorType } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { InvitationType } from '../members/invitation.type.js';
import { RoleEnum } from '../members/membership.type.js';

const ActorTypeEnum = builder.enumType(ActorType, { name: 'ActorType' });

const ViewerType = builder.objectRef<Viewer>('Viewer').implement({
  description: 'Who you are: the caller of this request.',
  fields: (t) => ({
    actorType: t.field({ type: ActorTypeEnum, resolve: (v) => v.actorType }),
    organization: t.prismaField({
      type: 'Organization',
      resolve: (query, v) => prisma.organization.findUniqueOrThrow({ ...query, where: { id: v.organizationId } }),
    }),
    user: t.prismaField({
      type: 'User',
      nullable: true,
      description: 'The user behind the request (for an API key: the user who created it).',
      resolve: (query, v) => prisma.user.findUnique({ ...query, where: { id: v.userId ?? NIL_UUID } }),
    }),
    apiKey: t.prismaField({
      type: 'ApiKey',
      nullable: true,
      description: 'The API key used, when the caller authenticated with one.',
      resolve: (query, v) => prisma.apiKey.findUnique({ ...query, where: { id: v.apiKeyId ?? NIL_UUID } }),
    }),
    role: t.field({
      type: RoleEnum,
      nullable: true,
      description: 'Your role, when you are a user.',
      resolve: (v) => v.role,
    }),
    scopes: t.stringList({ description: 'What you may do.', resolve: (v) => [...v.scopes].sort() }),
    invitations: t.prismaField({
      type: [InvitationType],
      description: 'Invitations to organizations waiting for your answer (acceptInvitation, declineInvitation).',
      resolve: (query, v) =>
        prisma.invitation.findMany({
          ...query,
          where: { userId: v.userId ?? NIL_UUID, status: 'PENDING', expiresAt: { gt: new Date() } },
          orderBy: { createdAt: 'desc' },
          take: 100,
        }),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerType,
    description: 'The caller: organization, user or API key, role and scopes.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.viewer as Viewer,
  }),
);
