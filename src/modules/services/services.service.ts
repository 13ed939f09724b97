// The service catalog: create, change and archive priced services, each with its event in the
// same transaction. Keys are unique per organization (an archived service keeps its key, so a
// ledger's service names never change meaning). Prices are read by the spend engine when it
// authorizes; pricing.ts holds the formula.
import type { Caller } from '../../auth/viewer.js';
import { Decimal, type Tx } from '../../db/client.js';
import { lockOwnedRow } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Service } from '../../generated/prisma/client.js';
import { ConflictError, NotFoundError, ValidationError } from '../../graphql/errors.js';
import { fmt } from '../budgets/spend-decide.js';

const event = (verb: string, service: Service, payload: Record<string, string | string[] | boolean | null> = {}) => ({
  verb,
  subjectType: 'Service',
  subjectId: service.id,
  payload: { key: service.key, ...payload },
});

/** The fallback named by key: an active service of the organization, cheaper per unit, not `self`. */
async function fallbackFor(tx: Tx, organizationId: string, key: string, self: { key: string; unitPrice: Decimal }) {
  const path = ['input', 'fallbackServiceKey'];
  if (key === self.key) throw ValidationError.of(path, 'a service cannot be its own fallback');
  const fallback = await tx.service.findUnique({ where: { organizationId_key: { organizationId, key } } });
  if (!fallback || fallback.archivedAt) throw ValidationError.of(path, `no service "${key}" in the catalog`);
  if (!new Decimal(fallback.unitPrice).lt(self.unitPrice))
    throw ValidationError.of(
      path,
      `a fallback must cost less per unit: "${key}" costs ${fmt(fallback.unitPrice)}, this service ${fmt(self.unitPrice)}`,
    );
  return fallback;
}

export interface NewService {
  key: string;
  name: string;
  description?: string | null;
  unit: string;
  unitPrice: string;
  currency: string;
  fallbackServiceKey?: string | null;
}

export function createService(caller: Caller, input: NewService) {
  const { organizationId } = caller.viewer;
  return transact(async (tx) => {
    const existing = await tx.service.findUnique({ where: { organizationId_key: { organizationId, key: input.key } } });
    if (existing)
      throw new ConflictError(
        `A service "${input.key}" is already in the catalog${existing.archivedAt ? ' (archived)' : ''}.`,
      );
    const unitPrice = new Decimal(input.unitPrice);
    const fallback = input.fallbackServiceKey
      ? await fallbackFor(tx, organizationId, input.fallbackServiceKey, { key: input.key, unitPrice })
      : null;
    const service = await tx.service.create({
      data: {
        organizationId,
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        unit: input.unit,
        unitPrice,
        currency: input.currency,
        fallbackServiceId: fallback?.id ?? null,
      },
    });
    appendEvents(tx, caller, [
      event('service.created', service, {
        unit: service.unit,
        unitPrice: fmt(service.unitPrice),
        currency: service.currency,
        fallbackServiceKey: fallback?.key ?? null,
      }),
    ]);
    return service;
  });
}

/** A service of the caller's organization, locked (a subject row: src/db/transaction.ts order). */
async function lockService(tx: Tx, caller: Caller, serviceId: string | null) {
  const service = await lockOwnedRow<Service>(tx, 'Service', serviceId, caller.viewer.organizationId);
  if (!service) throw new NotFoundError('Service');
  if (service.archivedAt) throw new ConflictError(`The service "${service.key}" is archived.`);
  return service;
}

export interface ServicePatch {
  name?: string | null;
  description?: string | null;
  unit?: string | null;
  unitPrice?: string | null;
  active?: boolean | null;
  fallbackServiceKey?: string | null;
  clearFallback?: boolean | null;
}

/** Changes a service; a new price applies to authorizations from now on (reservations keep theirs). */
export function updateService(caller: Caller, serviceId: string | null, patch: ServicePatch) {
  return transact(async (tx) => {
    if (patch.clearFallback && patch.fallbackServiceKey)
      throw ValidationError.of(['input', 'clearFallback'], 'give fallbackServiceKey or clearFallback, not both');
    const service = await lockService(tx, caller, serviceId);
    const unitPrice = new Decimal(patch.unitPrice ?? service.unitPrice);
    const fallback = patch.fallbackServiceKey
      ? await fallbackFor(tx, caller.viewer.organizationId, patch.fallbackServiceKey, { key: service.key, unitPrice })
      : null;
    const data = {
      ...(patch.name != null ? { name: patch.name } : {}),
      ...(patch.description != null ? { description: patch.description } : {}),
      ...(patch.unit != null ? { unit: patch.unit } : {}),
      ...(patch.unitPrice != null ? { unitPrice } : {}),
      ...(patch.active != null ? { active: patch.active } : {}),
      ...(fallback ? { fallbackServiceId: fallback.id } : patch.clearFallback ? { fallbackServiceId: null } : {}),
    };
    const updated = await tx.service.update({ where: { id: service.id }, data });
    appendEvents(tx, caller, [
      event('service.updated', updated, {
        changed: Object.keys(data).sort(),
        ...(patch.unitPrice != null ? { previousUnitPrice: fmt(service.unitPrice), unitPrice: fmt(unitPrice) } : {}),
      }),
    ]);
    return updated;
  });
}

/** Archives a service: authorizations for it are refused from now on; its key stays taken. */
export function archiveService(caller: Caller, serviceId: string | null) {
  return transact(async (tx) => {
    const service = await lockService(tx, caller, serviceId);
    const archived = await tx.service.update({
      where: { id: service.id },
      data: { archivedAt: new Date(), active: false },
    });
    // Services that fell back to it fall back to nothing now.
    await tx.service.updateMany({ where: { fallbackServiceId: service.id }, data: { fallbackServiceId: null } });
    appendEvents(tx, caller, [event('service.archived', archived)]);
    return archived;
  });
}
