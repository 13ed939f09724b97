// The organization's runtime: what it provides to the agents it installs (compatibility.ts reads it).
import type { Caller } from '../../auth/viewer.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { ValidationError } from '../../graphql/errors.js';

export function updateRuntime(
  caller: Caller,
  input: { dependencies: { name: string; version: string }[]; services: string[] },
) {
  const names = input.dependencies.map((d) => d.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length) throw ValidationError.of(['input', 'dependencies'], `${twice[0]} is named twice`);
  const runtime = {
    dependencies: Object.fromEntries(input.dependencies.map((d) => [d.name, d.version])),
    services: [...new Set(input.services)].sort(),
  };
  return transact(async (tx) => {
    const organization = await tx.organization.update({
      where: { id: caller.viewer.organizationId },
      data: { runtime },
    });
    appendEvents(tx, caller, [
      {
        verb: 'organization.runtime_updated',
        subjectType: 'Organization',
        subjectId: organization.id,
        payload: runtime,
      },
    ]);
    return organization;
  });
}
