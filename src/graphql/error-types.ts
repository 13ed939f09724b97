// GraphQL types for the expected errors in src/graphql/errors.ts.
import { builder } from './builder.js';
import {
  ApprovalRequiredError,
  BaseError,
  BudgetExceededError,
  ConflictError,
  InvalidTransitionError,
  NotFoundError,
  PolicyDeniedError,
  TrialNotActiveError,
  ValidationError,
  type ValidationIssue,
} from './errors.js';
import { encodeGlobalId } from './global-id.js';

export const ErrorInterface = builder.interfaceRef<BaseError>('Error').implement({
  description: 'An expected failure of a mutation, returned as data in its result union.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.exposeString('code', { description: 'A stable machine-readable code.' }),
  }),
});

builder.objectType(BaseError, {
  name: 'BaseError',
  description: 'Any other expected failure.',
  interfaces: [ErrorInterface],
});

const ValidationIssueRef = builder.objectRef<ValidationIssue>('ValidationIssue').implement({
  description: 'One problem with the input.',
  fields: (t) => ({
    path: t.exposeStringList('path', {
      description: 'Where in the input, for example ["input", "manifest", "config", "timeout"].',
    }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    issues: t.field({ type: [ValidationIssueRef], resolve: (e) => e.issues }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'Something the input names does not exist (or is not visible to you).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({ entity: t.exposeString('entity') }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The change conflicts with the current state (a duplicate, a stale revision, ...).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
});

builder.objectType(InvalidTransitionError, {
  name: 'InvalidTransitionError',
  description: 'The lifecycle does not allow this step from the current status.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidTransitionError,
  fields: (t) => ({
    entity: t.exposeString('entity'),
    from: t.exposeString('from'),
    to: t.exposeString('to'),
  }),
});

builder.objectType(TrialNotActiveError, {
  name: 'TrialNotActiveError',
  description: 'The trial has ended (completed, converted, cancelled or expired).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof TrialNotActiveError,
  fields: (t) => ({ status: t.exposeString('status') }),
});

builder.objectType(BudgetExceededError, {
  name: 'BudgetExceededError',
  description: 'The spend does not fit the budget that applies (a trial’s cap, say).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof BudgetExceededError,
  fields: (t) => ({
    budgetId: t.id({ nullable: true, resolve: (e) => (e.budgetId ? encodeGlobalId('Budget', e.budgetId) : null) }),
  }),
});

builder.objectType(ApprovalRequiredError, {
  name: 'ApprovalRequiredError',
  description:
    'Policy answered REQUIRES_APPROVAL. Nothing was done; a person decides the approval request, then call again with its id.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ApprovalRequiredError,
  fields: (t) => ({
    approvalRequestId: t.id({ resolve: (e) => encodeGlobalId('ApprovalRequest', e.approvalRequestId) }),
    reasons: t.exposeStringList('reasons'),
  }),
});

builder.objectType(PolicyDeniedError, {
  name: 'PolicyDeniedError',
  description: 'Policy answered DENY. Nothing was done; the violation it raised, if any.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PolicyDeniedError,
  fields: (t) => ({
    reasons: t.exposeStringList('reasons'),
    violationId: t.id({
      nullable: true,
      resolve: (e) => (e.violationId ? encodeGlobalId('Violation', e.violationId) : null),
    }),
  }),
});

/** The error types most mutations can return. */
export const commonErrors = [ValidationError, NotFoundError, ConflictError, InvalidTransitionError];

/** What a write that policy governs (a message, a task) can also return. */
export const governanceErrors = [ApprovalRequiredError, PolicyDeniedError];
