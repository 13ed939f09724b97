// A person who is only invited (or whose invitation ended) holds a token with no scopes: they
// see their invitations and the organization's name, and nothing the organization keeps.
import { describe, expect, it } from 'vitest';
import { decodeGlobalId } from '../../src/graphql/global-id.js';
import { prisma, useTestApi } from '../harness.js';
import { send } from '../schema-calls.js';
import { newTenant, signJwt } from '../seed.js';

const api = useTestApi();

describe('an invitee reaches nothing of the organization', () => {
  it('members, API keys, notification rules, trust settings, runtime and halts are FORBIDDEN to an invitee; the name is not', async () => {
    const t = await newTenant();
    await t.member('ADMIN');
    const email = 'only-invited@example.com';
    await send(
      api.url,
      'mutation($input: AddMemberInput!) { addMember(input: $input) { __typename } }',
      { input: { email, name: 'Invited', role: 'VIEWER' } },
      t.ownerJwt,
    );
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    const jwt = await signJwt({ sub: user.id, org: t.organization.id });
    for (const field of [
      'members(first: 10) { edges { node { id } } }',
      'apiKeys(first: 10) { edges { node { id } } }',
      'notificationRules { __typename }',
      'trustSettings',
      'runtime { __typename }',
      'haltedAt',
      'haltReason',
    ]) {
      const { body } = await send(api.url, `{ viewer { organization { name ${field} } } }`, {}, jwt);
      expect(JSON.stringify(body), field).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      expect(JSON.stringify(body.data ?? null), field).not.toMatch(/"edges":\[\{/);
    }
    const { body } = await send(api.url, '{ viewer { organization { name } scopes } }', {}, jwt);
    expect(body.data).toEqual({ viewer: { organization: { name: t.organization.name }, scopes: [] } });
  });

  it("a customer's token (marketplace and trials only) is FORBIDDEN the organization's trust settings, runtime and halts", async () => {
    const t = await newTenant();
    const created = await send(
      api.url,
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { ... on CustomerPayload { customer { id } } } }',
      { input: { name: 'Ada', email: 'ada-reach@example.com' } },
      t.ownerKey,
    );
    const customerId = (created.body.data as { createCustomer: { customer: { id: string } } }).createCustomer.customer
      .id;
    const jwt = await signJwt({ sub: decodeGlobalId(customerId).id, org: t.organization.id });
    for (const field of ['trustSettings', 'runtime { __typename }', 'haltedAt', 'haltReason']) {
      const { body } = await send(api.url, `{ viewer { organization { name ${field} } } }`, {}, jwt);
      expect(JSON.stringify(body), field).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
  });
});
