// Creating a tenant. Not exposed as a mutation: organizations are provisioned by the operator
// of the deployment (the seed, tests, or an admin script) together with their first OWNER.
import { ROLE_SCOPES } from '../../auth/scopes.js';
import type { Caller } from '../../auth/viewer.js';
import { transact, uniquely } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { parseInput } from '../../graphql/validation.js';
import { createOrganizationInput } from './organizations.validation.js';

export async function createOrganization(input: unknown, requestId = 'system') {
  const { name, slug, owner } = parseInput(createOrganizationInput, input);
  return transact(async (tx) => {
    const organization = await uniquely(
      tx.organization.create({ data: { name, slug, chainHead: { create: {} } } }),
      `An organization with slug "${slug}" already exists.`,
    );
    const user = await tx.user.upsert({
      where: { email: owner.email },
      create: { email: owner.email, name: owner.name },
      update: {},
    });
    await tx.membership.create({
      data: { organizationId: organization.id, userId: user.id, role: 'OWNER' },
    });
    const caller: Caller = {
      requestId,
      viewer: {
        organizationId: organization.id,
        actorType: 'USER',
        actorId: user.id,
        userId: user.id,
        apiKeyId: null,
        agentId: null,
        role: 'OWNER',
        scopes: new Set(ROLE_SCOPES.OWNER),
      },
    };
    appendEvents(tx, caller, [
      {
        verb: 'organization.created',
        subjectType: 'Organization',
        subjectId: organization.id,
        payload: { name, slug },
      },
      { verb: 'member.added', subjectType: 'User', subjectId: user.id, payload: { role: 'OWNER' } },
    ]);
    return { organization, owner: user, caller };
  });
}
