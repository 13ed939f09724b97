// The error model. Expected failures of a mutation are data: classes below are caught by the
// Pothos errors plugin and returned in the field's result union as types implementing
// `Error { message code }`. Everything else is a GraphQLError with `extensions.code`
// (see `codedError`), or a bug, which is masked and logged (src/graphql/yoga.ts).
import { GraphQLError } from 'graphql';

export class BaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface ValidationIssue {
  path: string[];
  message: string;
}

export class ValidationError extends BaseError {
  constructor(readonly issues: ValidationIssue[]) {
    super('VALIDATION_FAILED', issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  }
  static of(path: string[], message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

export class NotFoundError extends BaseError {
  constructor(
    readonly entity: string,
    message = `${entity} not found.`,
  ) {
    super('NOT_FOUND', message);
  }
}

export class ConflictError extends BaseError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class InvalidTransitionError extends BaseError {
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly to: string,
    message = `${entity} cannot go from ${from} to ${to}.`,
  ) {
    super('INVALID_TRANSITION', message);
  }
}

export class TrialNotActiveError extends BaseError {
  constructor(readonly status: string) {
    super('TRIAL_NOT_ACTIVE', `The trial is ${status}, not ACTIVE.`);
  }
}

export class BudgetExceededError extends BaseError {
  constructor(
    message: string,
    readonly budgetId: string | null,
  ) {
    super('BUDGET_EXCEEDED', message);
  }
}

/** Policy answered REQUIRES_APPROVAL: the approval request it opened (or found still pending). */
export class ApprovalRequiredError extends BaseError {
  constructor(
    readonly approvalRequestId: string,
    readonly reasons: string[],
  ) {
    super(
      'APPROVAL_REQUIRED',
      `A person must approve this first (approval request ${approvalRequestId}): ${reasons.join('; ')}`,
    );
  }
}

/** Policy answered DENY: nothing was done; the violation it raised, if any. */
export class PolicyDeniedError extends BaseError {
  constructor(
    readonly reasons: string[],
    readonly violationId: string | null,
  ) {
    super('POLICY_DENIED', `Policy denies this: ${reasons.join('; ')}`);
  }
}

/** Codes of errors that are not part of a mutation's result union. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'INTERNAL_SERVER_ERROR';

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
  INTERNAL_SERVER_ERROR: 500,
};

export function codedError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: STATUS[code] } } });
}
