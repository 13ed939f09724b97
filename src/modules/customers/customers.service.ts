import type { Caller } from '../../auth/viewer.js';
import { transact, uniquely } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';

export function createCustomer(caller: Caller, input: { name: string; email: string; externalRef?: string | null }) {
  return transact(async (tx) => {
    const customer = await uniquely(
      tx.customer.create({ data: { ...input, organizationId: caller.viewer.organizationId } }),
      'A customer with that email or external reference already exists.',
    );
    appendEvents(tx, caller, [
      {
        verb: 'customer.created',
        subjectType: 'Customer',
        subjectId: customer.id,
        payload: { name: customer.name, externalRef: customer.externalRef },
      },
    ]);
    return customer;
  });
}
