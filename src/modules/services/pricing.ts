// The price formula, in one place: a quantity of a catalog service costs quantity × unit price,
// rounded half-up to the ledger's 6 decimal places. authorizeSpend prices requests with it (in
// the spend engine, from the catalog rows read in its transaction); settling by quantity prices
// with the unit price the reservation was authorized at.
import { Decimal, type Money } from '../../db/client.js';
import { ValidationError } from '../../graphql/errors.js';
import { MAX_AMOUNT } from '../budgets/ledger.js';
import { fmt } from '../budgets/spend-decide.js';

export function priceOf(quantity: Money, unitPrice: Money): Decimal {
  return new Decimal(quantity).mul(unitPrice).toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
}

/** Why a priced amount cannot be reserved, or null when it can. */
export function unpayable(amount: Decimal): string | null {
  if (amount.lte(0)) return 'the priced amount rounds to 0; ask for a larger quantity';
  if (amount.gt(MAX_AMOUNT)) return 'the priced amount is larger than a budget can hold';
  return null;
}

/** A catalog service's price and state as the spend engine reads it. */
interface CatalogPrice {
  key: string;
  unit: string;
  unitPrice: string;
  currency: string;
  active: boolean;
  archived: boolean;
}

/** A catalog row as the spend engine reads it, with its fallback service. */
export interface CatalogService extends CatalogPrice {
  id: string;
  fallback: CatalogPrice | null;
}

/** The price shown with a decision: which service, at what unit price, how many, for how much. */
export interface PriceUsed {
  service: string;
  unit: string;
  unitPrice: string;
  currency: string;
  quantity: string;
  amount: string;
}

/** An authorization's ask before pricing: an amount, or a quantity of a catalog service. */
export interface Ask {
  service: string;
  amount?: string | null;
  quantity?: string | null;
  fallback?: { amount: string; description: string } | null;
}

export type Priced =
  | { error: ValidationError }
  | {
      amount: string;
      fallback: { amount: string; description: string } | null;
      /** Why the service may not be used (inactive, archived): the decision refuses it. */
      unavailable: string | null;
      price: PriceUsed | null;
      /** The catalog fallback and its price, offered when the service does not fit. */
      fallbackPrice: PriceUsed | null;
    };

const used = (s: Omit<CatalogService, 'id' | 'fallback'>, quantity: string, amount: Decimal): PriceUsed => ({
  service: s.key,
  unit: s.unit,
  unitPrice: fmt(s.unitPrice),
  currency: s.currency,
  quantity: fmt(quantity),
  amount: fmt(amount),
});

/**
 * Turns an ask into the amount to reserve: a catalog service is priced (quantity × unit price,
 * its cheaper fallback service offered as the fallback); a service not in the catalog needs an
 * amount. Which of amount and quantity to give follows from the catalog, so a mismatch is bad input.
 */
export function priceRequest(ask: Ask, catalog: CatalogService | undefined): Priced {
  if (!catalog) {
    if (ask.amount == null)
      return {
        error: ValidationError.of(
          ['input', 'quantity'],
          `the service "${ask.service}" is not in the catalog: give an amount (or add it with createService)`,
        ),
      };
    return { amount: ask.amount, fallback: ask.fallback ?? null, unavailable: null, price: null, fallbackPrice: null };
  }
  if (ask.quantity == null)
    return {
      error: ValidationError.of(
        ['input', 'amount'],
        `the service "${ask.service}" is priced in the catalog (${fmt(catalog.unitPrice)} ${catalog.currency} per ${catalog.unit}): give a quantity, not an amount`,
      ),
    };
  const amount = priceOf(ask.quantity, catalog.unitPrice);
  const bad = unpayable(amount);
  if (bad) return { error: ValidationError.of(['input', 'quantity'], bad) };
  const unavailable = catalog.archived
    ? `the service "${catalog.key}" is archived`
    : !catalog.active
      ? `the service "${catalog.key}" is inactive`
      : null;
  if (ask.fallback && !new Decimal(ask.fallback.amount).lt(amount))
    return {
      error: ValidationError.of(['input', 'fallbackAmount'], `must be less than the priced amount ${fmt(amount)}`),
    };
  const price = used(catalog, ask.quantity, amount);
  const f = catalog.fallback;
  const fallbackAmount = f?.active && !f.archived ? priceOf(ask.quantity, f.unitPrice) : null;
  if (!ask.fallback && f && fallbackAmount && fallbackAmount.lt(amount) && !unpayable(fallbackAmount))
    return {
      amount: fmt(amount),
      fallback: {
        amount: fmt(fallbackAmount),
        description: `the fallback service "${f.key}" at ${fmt(f.unitPrice)} ${f.currency} per ${f.unit}`,
      },
      unavailable,
      price,
      fallbackPrice: used(f, ask.quantity, fallbackAmount),
    };
  return { amount: fmt(amount), fallback: ask.fallback ?? null, unavailable, price, fallbackPrice: null };
}

/** What settling `quantity` units of a reservation costs: at the unit price it was authorized at. */
export function settlementAmount(reservation: { unitPrice: Money | null; service: string }, quantity: string): string {
  if (reservation.unitPrice == null)
    throw ValidationError.of(
      ['input', 'actualQuantity'],
      `the reservation for "${reservation.service}" was not priced from the catalog: give actualAmount`,
    );
  const amount = priceOf(quantity, reservation.unitPrice);
  if (amount.gt(MAX_AMOUNT))
    throw ValidationError.of(['input', 'actualQuantity'], 'the priced amount is larger than a budget can hold');
  return fmt(amount);
}
