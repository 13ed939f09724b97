// Every module, imported for its side effects, then the schema.
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './error-types.js';
import '../modules/organizations/organization.type.js';
import '../modules/organizations/viewer.queries.js';
import '../modules/users/user.type.js';
import '../modules/members/membership.type.js';
import '../modules/members/members.mutations.js';
import '../modules/api-keys/api-key.type.js';
import '../modules/api-keys/api-keys.mutations.js';
import '../modules/agents/agent.type.js';
import '../modules/agents/agents.queries.js';
import '../modules/agents/agents.mutations.js';
import '../modules/agents/agents.subscriptions.js';
import '../modules/versions/version.type.js';
import '../modules/versions/versions.queries.js';
import '../modules/versions/versions.mutations.js';
import '../modules/activity/activity-event.type.js';
import '../modules/activity/activity.queries.js';
import '../modules/activity/activity.subscriptions.js';
import '../modules/activity/audit.queries.js';

export const schema = lexicographicSortSchema(builder.toSchema());
