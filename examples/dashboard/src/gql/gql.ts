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
    "\n  query DashboardAgents {\n    agents(first: 20, orderBy: { field: NAME }) {\n      edges { node { id name status trustScore { tier overall } openViolationCount } }\n    }\n  }\n": typeof types.DashboardAgentsDocument,
    "\n  mutation RaiseViolation($input: RaiseViolationInput!) {\n    raiseViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { id severity agent { id openViolationCount } } }\n      ... on Error { message }\n    }\n  }\n": typeof types.RaiseViolationDocument,
    "\n  subscription ViolationFeed {\n    violationRaised { id severity category description agent { id name } }\n  }\n": typeof types.ViolationFeedDocument,
    "\n  query DashboardBudgets {\n    budgets(first: 1) { edges { node { id name limit spent reserved utilization currency } } }\n  }\n": typeof types.DashboardBudgetsDocument,
    "\n  subscription BudgetChanged {\n    budgetChanged { id name limit spent reserved utilization currency }\n  }\n": typeof types.BudgetChangedDocument,
};
const documents: Documents = {
    "\n  query DashboardAgents {\n    agents(first: 20, orderBy: { field: NAME }) {\n      edges { node { id name status trustScore { tier overall } openViolationCount } }\n    }\n  }\n": types.DashboardAgentsDocument,
    "\n  mutation RaiseViolation($input: RaiseViolationInput!) {\n    raiseViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { id severity agent { id openViolationCount } } }\n      ... on Error { message }\n    }\n  }\n": types.RaiseViolationDocument,
    "\n  subscription ViolationFeed {\n    violationRaised { id severity category description agent { id name } }\n  }\n": types.ViolationFeedDocument,
    "\n  query DashboardBudgets {\n    budgets(first: 1) { edges { node { id name limit spent reserved utilization currency } } }\n  }\n": types.DashboardBudgetsDocument,
    "\n  subscription BudgetChanged {\n    budgetChanged { id name limit spent reserved utilization currency }\n  }\n": types.BudgetChangedDocument,
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
export function graphql(source: "\n  query DashboardAgents {\n    agents(first: 20, orderBy: { field: NAME }) {\n      edges { node { id name status trustScore { tier overall } openViolationCount } }\n    }\n  }\n"): (typeof documents)["\n  query DashboardAgents {\n    agents(first: 20, orderBy: { field: NAME }) {\n      edges { node { id name status trustScore { tier overall } openViolationCount } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RaiseViolation($input: RaiseViolationInput!) {\n    raiseViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { id severity agent { id openViolationCount } } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation RaiseViolation($input: RaiseViolationInput!) {\n    raiseViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { id severity agent { id openViolationCount } } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ViolationFeed {\n    violationRaised { id severity category description agent { id name } }\n  }\n"): (typeof documents)["\n  subscription ViolationFeed {\n    violationRaised { id severity category description agent { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardBudgets {\n    budgets(first: 1) { edges { node { id name limit spent reserved utilization currency } } }\n  }\n"): (typeof documents)["\n  query DashboardBudgets {\n    budgets(first: 1) { edges { node { id name limit spent reserved utilization currency } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BudgetChanged {\n    budgetChanged { id name limit spent reserved utilization currency }\n  }\n"): (typeof documents)["\n  subscription BudgetChanged {\n    budgetChanged { id name limit spent reserved utilization currency }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;