/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateAgent($input: CreateAgentInput!) {\n    createAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug status governor { id name } } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.CreateAgentDocument,
    "\n  mutation UpdateAgent($input: UpdateAgentInput!) {\n    updateAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug name tags } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n": typeof types.UpdateAgentDocument,
    "\n  mutation SuspendAgent($input: SuspendAgentInput!) {\n    suspendAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n": typeof types.SuspendAgentDocument,
    "\n  mutation ReactivateAgent($input: ReactivateAgentInput!) {\n    reactivateAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n": typeof types.ReactivateAgentDocument,
    "\n  mutation RetireAgent($input: RetireAgentInput!) {\n    retireAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n": typeof types.RetireAgentDocument,
    "\n  query AgentsList($first: Int, $filter: AgentsFilter, $orderBy: AgentOrder) {\n    agents(first: $first, filter: $filter, orderBy: $orderBy) { totalCount edges { node { slug status tags } } }\n  }\n": typeof types.AgentsListDocument,
    "\n  query Dashboard($first: Int!) {\n    agents(first: $first) {\n      edges { node { governor { id } currentVersion { semver } versions(first: 5) { edges { node { semver } } } } }\n    }\n  }\n": typeof types.DashboardDocument,
    "query AgentBySlug($slug: String!) { agentBySlug(slug: $slug) { id slug } }": typeof types.AgentBySlugDocument,
};
const documents: Documents = {
    "\n  mutation CreateAgent($input: CreateAgentInput!) {\n    createAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug status governor { id name } } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.CreateAgentDocument,
    "\n  mutation UpdateAgent($input: UpdateAgentInput!) {\n    updateAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug name tags } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n": types.UpdateAgentDocument,
    "\n  mutation SuspendAgent($input: SuspendAgentInput!) {\n    suspendAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n": types.SuspendAgentDocument,
    "\n  mutation ReactivateAgent($input: ReactivateAgentInput!) {\n    reactivateAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n": types.ReactivateAgentDocument,
    "\n  mutation RetireAgent($input: RetireAgentInput!) {\n    retireAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n": types.RetireAgentDocument,
    "\n  query AgentsList($first: Int, $filter: AgentsFilter, $orderBy: AgentOrder) {\n    agents(first: $first, filter: $filter, orderBy: $orderBy) { totalCount edges { node { slug status tags } } }\n  }\n": types.AgentsListDocument,
    "\n  query Dashboard($first: Int!) {\n    agents(first: $first) {\n      edges { node { governor { id } currentVersion { semver } versions(first: 5) { edges { node { semver } } } } }\n    }\n  }\n": types.DashboardDocument,
    "query AgentBySlug($slug: String!) { agentBySlug(slug: $slug) { id slug } }": types.AgentBySlugDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAgent($input: CreateAgentInput!) {\n    createAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug status governor { id name } } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAgent($input: CreateAgentInput!) {\n    createAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug status governor { id name } } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAgent($input: UpdateAgentInput!) {\n    updateAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug name tags } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAgent($input: UpdateAgentInput!) {\n    updateAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug name tags } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuspendAgent($input: SuspendAgentInput!) {\n    suspendAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n"): (typeof documents)["\n  mutation SuspendAgent($input: SuspendAgentInput!) {\n    suspendAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactivateAgent($input: ReactivateAgentInput!) {\n    reactivateAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n"): (typeof documents)["\n  mutation ReactivateAgent($input: ReactivateAgentInput!) {\n    reactivateAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetireAgent($input: RetireAgentInput!) {\n    retireAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n"): (typeof documents)["\n  mutation RetireAgent($input: RetireAgentInput!) {\n    retireAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentsList($first: Int, $filter: AgentsFilter, $orderBy: AgentOrder) {\n    agents(first: $first, filter: $filter, orderBy: $orderBy) { totalCount edges { node { slug status tags } } }\n  }\n"): (typeof documents)["\n  query AgentsList($first: Int, $filter: AgentsFilter, $orderBy: AgentOrder) {\n    agents(first: $first, filter: $filter, orderBy: $orderBy) { totalCount edges { node { slug status tags } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($first: Int!) {\n    agents(first: $first) {\n      edges { node { governor { id } currentVersion { semver } versions(first: 5) { edges { node { semver } } } } }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard($first: Int!) {\n    agents(first: $first) {\n      edges { node { governor { id } currentVersion { semver } versions(first: 5) { edges { node { semver } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AgentBySlug($slug: String!) { agentBySlug(slug: $slug) { id slug } }"): (typeof documents)["query AgentBySlug($slug: String!) { agentBySlug(slug: $slug) { id slug } }"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;