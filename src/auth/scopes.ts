// What a caller may do is a set of scopes. A user's scopes follow from the role of their
// membership; an API key carries the scopes it was created with (never more than its creator).
import type { Role } from '../generated/prisma/enums.js';

export const SCOPES = {
  'org:read': 'Read the organization, its members and API keys.',
  'members:write': 'Add, re-role and remove members.',
  'api_keys:write': 'Create and revoke API keys.',
  'agents:read': 'Read agents and their versions.',
  'agents:write': 'Create and change agents and their versions.',
  'agents:halt': 'Halt agents, or the whole organization, at once (emergency stop), and resume them.',
  'certification:decide': 'Certify, reject and deprecate skills and job roles (never what you submitted).',
  'approvals:read': 'Read approval requests and their answers.',
  'approvals:decide': 'Approve or deny approval requests (never your own).',
  'notifications:read': 'Read and mark your own notifications, and mute kinds of them.',
  'webhooks:write': 'Create, change, disable and rotate webhook endpoints; read their deliveries and redeliver.',
  'activity:read': 'Read the activity log.',
  'audit:read': 'Verify the activity chain, export the log, and read compliance reports.',
  'compliance:run': 'Run compliance audits (runComplianceAudit).',
  'installs:grant': 'Grant (or refuse) the scopes an installed agent version requests.',
  'policies:read': 'Read governance policies.',
  'policies:write': 'Create, change, enable and disable policies.',
  'violations:read': 'Read violations.',
  'violations:write': 'Raise violations and work them through (acknowledge, resolve, dismiss).',
  'actions:evaluate': 'Ask for policy decisions and report actions (evaluateAction, reportAction).',
  'attestations:write': 'Add and revoke attestations about agents.',
  'settings:write': "Change the organization's settings (trust formula).",
  'metrics:write': "Record agents' metric points (recordAgentMetrics): for an agent's own key or a runtime key.",
  'budgets:read': 'Read budgets, their ledgers and usage, the service catalog and the treasury.',
  'budgets:write': 'Create, change and archive budgets and the services of the catalog.',
  'budgets:adjust': 'Credit or debit a budget by hand.',
  'spend:authorize': 'Authorize, settle and release spend.',
  'contexts:read': 'Read contexts, their participants, messages, state and metrics.',
  'contexts:write': 'Create, change, pause, resume and close contexts and manage their participants.',
  'contexts:post': "Post messages to contexts and persist a context's state.",
  'tasks:read': 'Read tasks and their steps.',
  'tasks:write': 'Create, cancel and retry tasks.',
  'tasks:run': "Drive a task as its agent (start, record steps, complete, fail): for an agent's own key.",
  'customers:read': 'Read customers.',
  'customers:write': 'Create customers.',
  'marketplace:read': 'Browse the agents offered for trial.',
  'trials:read': 'Read trials and their deliverables (a customer: their own).',
  'trials:write': 'Start and cancel trials and run trial tasks (a customer: their own).',
  'trials:manage': 'Convert and complete trials and add deliverables.',
  'trials:extend': 'Extend a trial.',
} as const;

export type Scope = keyof typeof SCOPES;
export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];

const READ: Scope[] = [
  'org:read',
  'agents:read',
  'activity:read',
  'policies:read',
  'violations:read',
  'approvals:read',
  'notifications:read',
  'budgets:read',
  'contexts:read',
  'tasks:read',
  'customers:read',
  'marketplace:read',
  'trials:read',
];

/** What a customer's JWT may do: browse the marketplace, start and use their own trials. */
export const CUSTOMER_SCOPES: readonly Scope[] = ['marketplace:read', 'trials:read', 'trials:write'];

export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  OWNER: ALL_SCOPES,
  ADMIN: ALL_SCOPES,
  GOVERNOR: [
    ...READ,
    'agents:write',
    'audit:read',
    'compliance:run',
    'installs:grant',
    'policies:write',
    'violations:write',
    'approvals:decide',
    'certification:decide',
    'actions:evaluate',
    'attestations:write',
    'spend:authorize',
    'contexts:write',
    'contexts:post',
    'tasks:write',
    'customers:write',
    'trials:write',
    'trials:manage',
  ],
  OPERATOR: [
    ...READ,
    'agents:write',
    'metrics:write',
    'violations:write',
    'actions:evaluate',
    'budgets:write',
    'spend:authorize',
    'contexts:write',
    'contexts:post',
    'tasks:write',
    'customers:write',
    'trials:write',
    'trials:manage',
  ],
  VIEWER: READ,
};

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}
