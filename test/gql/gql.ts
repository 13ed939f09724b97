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
    "\n  query TrustPage($first: Int!) {\n    agents(first: $first) { edges { node {\n      name status currentVersion { semver } trustScore { overall } openViolationCount\n      versions(first: 3) { edges { node { semver } } }\n    } } }\n  }\n": typeof types.TrustPageDocument,
    "query AgentBySlug($slug: String!) { agentBySlug(slug: $slug) { id slug } }": typeof types.AgentBySlugDocument,
    "\n  mutation CreateKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret apiKey { id prefix scopes active agent { slug } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.CreateKeyDocument,
    "\n  mutation RevokeKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { __typename ... on ApiKeyPayload { apiKey { active revokedAt } } ... on ConflictError { message } }\n  }\n": typeof types.RevokeKeyDocument,
    "query WhoAmI { viewer { scopes } }": typeof types.WhoAmIDocument,
    "query Keys { viewer { organization { apiKeys(first: 50) { edges { node { prefix } } } } } }": typeof types.KeysDocument,
    "query Viewer { viewer { actorType role scopes organization { id name } user { id } apiKey { prefix } } }": typeof types.ViewerDocument,
    "query AgentsForAuth { agents(first: 1) { totalCount } }": typeof types.AgentsForAuthDocument,
    "query Members { viewer { organization { members(first: 10) { totalCount } } } }": typeof types.MembersDocument,
    "query Boom { agents(first: 1) { edges { node { id } } } }": typeof types.BoomDocument,
    "\n  mutation MoveZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }\n": typeof types.MoveZoneDocument,
    "\n  query WindowOf($id: ID!) { budget(id: $id) { remaining currentWindow { start end } } }\n": typeof types.WindowOfDocument,
    "\n  mutation RaiseConcurrently($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename } }\n": typeof types.RaiseConcurrentlyDocument,
    "\n  mutation AttestConcurrently($input: AddAttestationInput!) { addAttestation(input: $input) { __typename } }\n": typeof types.AttestConcurrentlyDocument,
    "\n  mutation RaiseMinimum($input: UpdateTrustSettingsInput!) { updateTrustSettings(input: $input) { __typename } }\n": typeof types.RaiseMinimumDocument,
    "query AgentStatusOf($id: ID!) { agent(id: $id) { status trustScore { overall } } }": typeof types.AgentStatusOfDocument,
    "\n  mutation PropAuthorize($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id amount } } }\n  }\n": typeof types.PropAuthorizeDocument,
    "\n  mutation PropSettle($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }\n": typeof types.PropSettleDocument,
    "\n  mutation PropRelease($input: ReleaseSpendInput!) { releaseSpend(input: $input) { __typename } }\n": typeof types.PropReleaseDocument,
    "\n  mutation PropAdjust($input: AdjustBudgetInput!) { adjustBudget(input: $input) { __typename } }\n": typeof types.PropAdjustDocument,
    "\n  mutation PropZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }\n": typeof types.PropZoneDocument,
    "\n  mutation PropSuspend($input: SuspendAgentInput!) { suspendAgent(input: $input) { __typename } }\n": typeof types.PropSuspendDocument,
    "\n  mutation PropCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { __typename ... on CustomerPayload { customer { id } } }\n  }\n": typeof types.PropCustomerDocument,
    "\n  mutation PropStartTrial($input: StartTrialInput!) {\n    startTrial(input: $input) { __typename ... on TrialPayload { trial { id } } }\n  }\n": typeof types.PropStartTrialDocument,
    "\n  mutation PropTrialTask($input: ExecuteTrialTaskInput!) {\n    executeTrialTask(input: $input) { __typename ... on Error { message } }\n  }\n": typeof types.PropTrialTaskDocument,
    "\n  mutation PropCancelTrial($input: CancelTrialInput!) { cancelTrial(input: $input) { __typename } }\n": typeof types.PropCancelTrialDocument,
    "\n  mutation PropReactivate($input: ReactivateAgentInput!) { reactivateAgent(input: $input) { __typename } }\n": typeof types.PropReactivateDocument,
    "\n  mutation Authorize($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) {\n      __typename\n      ... on SpendDecision { outcome reasons reservation { id amount expiresAt } bindingBudget { name } remaining { remaining budget { name } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.AuthorizeDocument,
    "\n  mutation Settle($input: SettleSpendInput!) {\n    settleSpend(input: $input) {\n      __typename\n      ... on SpendReservationPayload { reservation { status actualAmount } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.SettleDocument,
    "\n  mutation Release($input: ReleaseSpendInput!) {\n    releaseSpend(input: $input) { __typename ... on SpendReservationPayload { reservation { status } } ... on InvalidTransitionError { from to } }\n  }\n": typeof types.ReleaseDocument,
    "\n  mutation Adjust($input: AdjustBudgetInput!) {\n    adjustBudget(input: $input) { __typename ... on BudgetPayload { budget { spent remaining } } ... on ValidationError { issues { path } } }\n  }\n": typeof types.AdjustDocument,
    "\n  mutation CreateBudgetM($input: CreateBudgetInput!) {\n    createBudget(input: $input) { __typename ... on BudgetPayload { budget { id limit thresholds } } ... on ValidationError { issues { path message } } ... on NotFoundError { message } }\n  }\n": typeof types.CreateBudgetMDocument,
    "\n  query BudgetState($id: ID!) {\n    budget(id: $id) { spent reserved remaining utilization currentWindow { start end } entries(first: 50) { edges { node { kind spentDelta reservedDelta } } } }\n  }\n": typeof types.BudgetStateDocument,
    "subscription BudgetChanged($filter: BudgetStreamFilter) { budgetChanged(filter: $filter) { spent reserved remaining utilization } }": typeof types.BudgetChangedDocument,
    "\n  mutation UpdateOrg($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) { __typename ... on OrganizationPayload { organization { timeZone } } ... on ValidationError { issues { path } } }\n  }\n": typeof types.UpdateOrgDocument,
    "mutation UpdateBudgetM($input: UpdateBudgetInput!) { updateBudget(input: $input) { __typename } }": typeof types.UpdateBudgetMDocument,
    "mutation ArchiveBudgetM($input: ArchiveBudgetInput!) { archiveBudget(input: $input) { __typename } }": typeof types.ArchiveBudgetMDocument,
    "\n  query Usage($id: ID!, $from: DateTime!, $to: DateTime!) {\n    agent(id: $id) { usage(from: $from, to: $to, bucket: DAY) { bucket spend calls inputTokens outputTokens } }\n  }\n": typeof types.UsageDocument,
    "\n  query Summary($from: DateTime!, $to: DateTime!) { spendSummary(from: $from, to: $to) { total calls byAgent { key spend calls } byService { key spend calls } } }\n": typeof types.SummaryDocument,
    "\n  mutation CreateContext($input: CreateContextInput!) {\n    createContext(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { id name status revision state collaborationModel participants { role agent { id } } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.CreateContextDocument,
    "\n  mutation UpdateContext($input: UpdateContextInput!) {\n    updateContext(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { name metadata } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.UpdateContextDocument,
    "\n  mutation AddParticipant($input: AddContextParticipantInput!) {\n    addContextParticipant(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { participants { role agent { id } } } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.AddParticipantDocument,
    "\n  mutation RemoveParticipant($input: RemoveContextParticipantInput!) {\n    removeContextParticipant(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { participants { agent { id } } } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.RemoveParticipantDocument,
    "\n  mutation PauseContext($input: PauseContextInput!) {\n    pauseContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n": typeof types.PauseContextDocument,
    "\n  mutation ResumeContext($input: ResumeContextInput!) {\n    resumeContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } }\n  }\n": typeof types.ResumeContextDocument,
    "\n  mutation CloseContext($input: CloseContextInput!) {\n    closeContext(input: $input) { __typename ... on AgentContextPayload { context { status closedAt } } ... on InvalidTransitionError { from to } }\n  }\n": typeof types.CloseContextDocument,
    "\n  mutation PersistState($input: PersistContextStateInput!) {\n    persistContextState(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { revision state } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.PersistStateDocument,
    "\n  query GetContext($id: ID!) {\n    context(id: $id) {\n      name status revision state\n      stateHistory(first: 10) { edges { node { revision state } } }\n      participants { role agent { name } }\n    }\n  }\n": typeof types.GetContextDocument,
    "\n  query ListContexts($filter: ContextsFilter) { contexts(first: 50, filter: $filter) { totalCount edges { node { id name } } } }\n": typeof types.ListContextsDocument,
    "query AgentContexts($id: ID!) { agent(id: $id) { contexts { name } } }": typeof types.AgentContextsDocument,
    "\n  mutation CreateContextForMessages($input: CreateContextInput!) {\n    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }\n  }\n": typeof types.CreateContextForMessagesDocument,
    "\n  mutation PostMessage($input: PostContextMessageInput!) {\n    postContextMessage(input: $input) {\n      __typename\n      ... on ContextMessagePayload { contextMessage { id type blocked content violationId decision { outcome reasons policyKeys } from { name } to { name } replyTo { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.PostMessageDocument,
    "mutation PauseForMessages($input: PauseContextInput!) { pauseContext(input: $input) { __typename } }": typeof types.PauseForMessagesDocument,
    "\n  query ContextMessages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n    context(id: $id) {\n      messages(first: $first, after: $after, last: $last, before: $before) {\n        totalCount\n        pageInfo { hasNextPage hasPreviousPage endCursor startCursor }\n        edges { node { content blocked } }\n      }\n    }\n  }\n": typeof types.ContextMessagesDocument,
    "\n  query ContextMetrics($id: ID!) {\n    context(id: $id) {\n      metrics { messageCount blockedMessageCount averageResponseSeconds spend inputTokens outputTokens lastActivityAt messagesPerAgent { count agent { name } } }\n    }\n  }\n": typeof types.ContextMetricsDocument,
    "\n  query ContextHot($id: ID!) {\n    context(id: $id) {\n      participants { agent { name } }\n      messages(first: 50) { edges { node { from { name } type } } }\n      metrics { messageCount }\n    }\n  }\n": typeof types.ContextHotDocument,
    "\n  query ContextsWithMetrics { contexts(first: 50) { edges { node { name metrics { messageCount spend } } } } }\n": typeof types.ContextsWithMetricsDocument,
    "\n  subscription MessageAdded($contextId: ID!, $after: String) {\n    contextMessageAdded(contextId: $contextId, after: $after) { type content blocked from { name } }\n  }\n": typeof types.MessageAddedDocument,
    "\n  mutation AuthorizeInContext($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id } } ... on NotFoundError { message } }\n  }\n": typeof types.AuthorizeInContextDocument,
    "\n  mutation SettleInContext($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }\n": typeof types.SettleInContextDocument,
    "\n  query Verify($from: Int, $to: Int) { verifyActivityChain(from: $from, to: $to) { ok from to checked brokenAt reason checkpointSequence } }\n": typeof types.VerifyDocument,
    "\n  query ActivityPage($first: Int, $after: String, $last: Int, $before: String, $filter: ActivityFilter) {\n    activity(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      edges { cursor node { sequence verb } }\n      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }\n    }\n  }\n": typeof types.ActivityPageDocument,
    "\n  subscription ChangedForBackpressure($agentId: ID) { agentChanged(agentId: $agentId) { slug } }\n": typeof types.ChangedForBackpressureDocument,
    "subscription Sequences($after: String) { activity(after: $after) { sequence verb } }": typeof types.SequencesDocument,
    "mutation Touch($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }": typeof types.TouchDocument,
    "query VerifyAll { verifyActivityChain { ok from to checked brokenAt reason } }": typeof types.VerifyAllDocument,
    "\n  subscription Activity($after: String, $filter: ActivityStreamFilter) {\n    activity(after: $after, filter: $filter) { sequence verb subjectType agentId }\n  }\n": typeof types.ActivityDocument,
    "\n  subscription AgentChanged($agentId: ID) {\n    agentChanged(agentId: $agentId) { slug status currentVersion { semver } versions(first: 5) { totalCount } }\n  }\n": typeof types.AgentChangedDocument,
    "\n  subscription AgentBudgets($agentId: ID) { agentChanged(agentId: $agentId) { slug budgets(first: 1) { edges { node { name } } } } }\n": typeof types.AgentBudgetsDocument,
    "\n  mutation CreateForLive($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on AgentPayload { agent { id } } } }\n": typeof types.CreateForLiveDocument,
    "\n  mutation RenameForLive($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }\n": typeof types.RenameForLiveDocument,
    "\n  mutation Evaluate($input: EvaluateActionInput!) {\n    evaluateAction(input: $input) {\n      __typename\n      ... on Decision { outcome reasons matchedPolicies { outcome reason policy { key } } }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.EvaluateDocument,
    "\n  mutation Report($input: ReportActionInput!) {\n    reportAction(input: $input) {\n      __typename\n      ... on Decision { outcome violation { severity category status raisedByType policy { key } } }\n    }\n  }\n": typeof types.ReportDocument,
    "\n  mutation CreatePolicy($input: CreatePolicyInput!) {\n    createPolicy(input: $input) {\n      __typename\n      ... on PolicyPayload { policy { id key kind enabled rules defaultSeverity } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.CreatePolicyDocument,
    "\n  mutation UpdatePolicy($input: UpdatePolicyInput!) {\n    updatePolicy(input: $input) {\n      __typename\n      ... on PolicyPayload { policy { name rules } }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.UpdatePolicyDocument,
    "\n  mutation DisablePolicy($input: DisablePolicyInput!) {\n    disablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }\n  }\n": typeof types.DisablePolicyDocument,
    "\n  mutation EnablePolicy($input: EnablePolicyInput!) {\n    enablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }\n  }\n": typeof types.EnablePolicyDocument,
    "\n  query Policies($filter: PoliciesFilter) { policies(first: 50, filter: $filter) { edges { node { key kind enabled } } } }\n": typeof types.PoliciesDocument,
    "query PolicyById($id: ID!) { policy(id: $id) { key } }": typeof types.PolicyByIdDocument,
    "\n  query Trust($id: ID!) {\n    agent(id: $id) {\n      status\n      trustScore { competence reliability honesty transparency overall tier causeVerb causeSequence explanation { kind ref dimension effect weight } }\n      trustHistory(first: 10) { totalCount edges { node { overall causeVerb } } }\n      currentVersion { trustScore { overall } }\n    }\n  }\n": typeof types.TrustDocument,
    "\n  mutation RaiseForTrust($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename ... on ViolationPayload { violation { id } } } }\n": typeof types.RaiseForTrustDocument,
    "mutation AckForTrust($input: AcknowledgeViolationInput!) { acknowledgeViolation(input: $input) { __typename } }": typeof types.AckForTrustDocument,
    "mutation ResolveForTrust($input: ResolveViolationInput!) { resolveViolation(input: $input) { __typename } }": typeof types.ResolveForTrustDocument,
    "mutation DismissForTrust($input: DismissViolationInput!) { dismissViolation(input: $input) { __typename } }": typeof types.DismissForTrustDocument,
    "\n  mutation Attest($input: AddAttestationInput!) {\n    addAttestation(input: $input) { __typename ... on AttestationPayload { attestation { id score } } ... on ValidationError { issues { path } } ... on NotFoundError { message } }\n  }\n": typeof types.AttestDocument,
    "mutation RevokeAttestation($input: RevokeAttestationInput!) { revokeAttestation(input: $input) { __typename } }": typeof types.RevokeAttestationDocument,
    "mutation ReportForTrust($input: ReportActionInput!) { reportAction(input: $input) { __typename ... on Decision { outcome } } }": typeof types.ReportForTrustDocument,
    "\n  mutation Settings($input: UpdateTrustSettingsInput!) {\n    updateTrustSettings(input: $input) { __typename ... on TrustSettingsPayload { trustSettings } ... on ValidationError { issues { path } } }\n  }\n": typeof types.SettingsDocument,
    "subscription Changed($agentId: ID) { trustScoreChanged(agentId: $agentId) { overall causeVerb } }": typeof types.ChangedDocument,
    "query TrustNode($id: ID!) { node(id: $id) { id } }": typeof types.TrustNodeDocument,
    "\n  query TrustDashboard($first: Int!) {\n    agents(first: $first) {\n      edges { node { trustScore { overall tier } openViolationCount violations(first: 5) { edges { node { severity } } } } }\n    }\n  }\n": typeof types.TrustDashboardDocument,
    "\n  mutation Raise($input: RaiseViolationInput!) {\n    raiseViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { id severity category status raisedByType policy { key } version { semver } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.RaiseDocument,
    "\n  mutation Acknowledge($input: AcknowledgeViolationInput!) {\n    acknowledgeViolation(input: $input) { __typename ... on ViolationPayload { violation { status acknowledgedAt } } ... on InvalidTransitionError { from to } }\n  }\n": typeof types.AcknowledgeDocument,
    "\n  mutation Resolve($input: ResolveViolationInput!) {\n    resolveViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { status resolutionNote resolvedAt } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path } }\n    }\n  }\n": typeof types.ResolveDocument,
    "\n  mutation Dismiss($input: DismissViolationInput!) {\n    dismissViolation(input: $input) { __typename ... on ViolationPayload { violation { status dismissalReason } } ... on InvalidTransitionError { from to } }\n  }\n": typeof types.DismissDocument,
    "\n  query Violations($filter: ViolationsFilter) { violations(first: 50, filter: $filter) { totalCount edges { node { description severity status } } } }\n": typeof types.ViolationsDocument,
    "query ViolationById($id: ID!) { violation(id: $id) { id } }": typeof types.ViolationByIdDocument,
    "\n  query AgentViolations($id: ID!) { agent(id: $id) { openViolationCount violations(first: 10) { totalCount edges { node { description } } } } }\n": typeof types.AgentViolationsDocument,
    "\n  subscription Raised($filter: ViolationStreamFilter) { violationRaised(filter: $filter) { description severity agent { slug } } }\n": typeof types.RaisedDocument,
    "subscription Updated($filter: ViolationStreamFilter) { violationUpdated(filter: $filter) { description status } }": typeof types.UpdatedDocument,
    "\n  query GovernanceDashboard($first: Int!) {\n    agents(first: $first) { edges { node { openViolationCount violations(first: 5) { edges { node { severity } } } } } }\n  }\n": typeof types.GovernanceDashboardDocument,
    "query OpenViolationCount($id: ID!) { agent(id: $id) { openViolationCount } }": typeof types.OpenViolationCountDocument,
    "\n  mutation AddMember($input: AddMemberInput!) {\n    addMember(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id email role status } }\n      ... on ValidationError { issues { path } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.AddMemberDocument,
    "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { status } }\n      ... on NotFoundError { message }\n      ... on InvalidTransitionError { message }\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  mutation DeclineInvitation($input: DeclineInvitationInput!) {\n    declineInvitation(input: $input) { __typename ... on InvitationPayload { invitation { status } } }\n  }\n": typeof types.DeclineInvitationDocument,
    "query MyInvitations { viewer { invitations { id organizationName role } scopes } }": typeof types.MyInvitationsDocument,
    "\n  mutation ChangeRole($input: ChangeMemberRoleInput!) {\n    changeMemberRole(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { role } }\n      ... on InvalidTransitionError { message }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.ChangeRoleDocument,
    "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on RemoveMemberPayload { removedMembershipId }\n      ... on InvalidTransitionError { message }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.RemoveMemberDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { id status priority sandbox maxAttempts goal context { id } agent { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.CreateTaskDocument,
    "\n  mutation StartTask($input: StartTaskInput!) {\n    startTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { status attempts } }\n      ... on InvalidTransitionError { from to message }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.StartTaskDocument,
    "\n  mutation RecordStep($input: RecordTaskStepInput!) {\n    recordTaskStep(input: $input) {\n      __typename\n      ... on TaskPayload { task { steps(first: 20) { totalCount edges { node { position step status state attempt } } } } }\n      ... on InvalidTransitionError { from to message }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.RecordStepDocument,
    "\n  mutation CompleteTask($input: CompleteTaskInput!) {\n    completeTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { status output cost } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.CompleteTaskDocument,
    "\n  mutation FailTask($input: FailTaskInput!) {\n    failTask(input: $input) { __typename ... on TaskPayload { task { status error } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }\n  }\n": typeof types.FailTaskDocument,
    "\n  mutation CancelTask($input: CancelTaskInput!) {\n    cancelTask(input: $input) { __typename ... on TaskPayload { task { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n": typeof types.CancelTaskDocument,
    "\n  mutation RetryTask($input: RetryTaskInput!) {\n    retryTask(input: $input) { __typename ... on TaskPayload { task { status attempts } } ... on InvalidTransitionError { from to message } }\n  }\n": typeof types.RetryTaskDocument,
    "\n  query GetTask($id: ID!) { task(id: $id) { status goal steps(first: 10) { totalCount } } }\n": typeof types.GetTaskDocument,
    "\n  query ListTasks($filter: TasksFilter) { tasks(first: 50, filter: $filter) { totalCount edges { node { id status } } } }\n": typeof types.ListTasksDocument,
    "\n  query AgentTasks($id: ID!) { agent(id: $id) { tasks(first: 10) { totalCount } trustScore { reliability } } }\n": typeof types.AgentTasksDocument,
    "\n  subscription TaskUpdated($filter: TaskStreamFilter, $after: String) { taskUpdated(filter: $filter, after: $after) { status attempts } }\n": typeof types.TaskUpdatedDocument,
    "query TaskBudget($id: ID!) { budget(id: $id) { spent } }": typeof types.TaskBudgetDocument,
    "\n  mutation CreateContextForTasks($input: CreateContextInput!) {\n    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }\n  }\n": typeof types.CreateContextForTasksDocument,
    "query ListAgents { agents(first: 100) { totalCount edges { node { id } } } }": typeof types.ListAgentsDocument,
    "query GetAgent($id: ID!) { agent(id: $id) { id } }": typeof types.GetAgentDocument,
    "query GetBySlug($slug: String!) { agentBySlug(slug: $slug) { id } }": typeof types.GetBySlugDocument,
    "query GetNode($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }": typeof types.GetNodeDocument,
    "query GetVersion($id: ID!) { agentVersion(id: $id) { id } }": typeof types.GetVersionDocument,
    "\n  mutation Rename($input: UpdateAgentInput!) {\n    updateAgent(input: $input) { __typename ... on NotFoundError { message code } }\n  }\n": typeof types.RenameDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      __typename\n      ... on CustomerPayload { customer { id name email } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.CreateCustomerDocument,
    "\n  mutation StartTrial($input: StartTrialInput!) {\n    startTrial(input: $input) {\n      __typename\n      ... on TrialPayload { trial { id status daysRemaining expiresAt listing { name version } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n": typeof types.StartTrialDocument,
    "\n  mutation CancelTrial($input: CancelTrialInput!) {\n    cancelTrial(input: $input) { __typename ... on TrialPayload { trial { status cancelReason endedAt } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n": typeof types.CancelTrialDocument,
    "\n  mutation ConvertTrial($input: ConvertTrialInput!) {\n    convertTrial(input: $input) { __typename ... on TrialPayload { trial { status planReference daysRemaining } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }\n  }\n": typeof types.ConvertTrialDocument,
    "\n  mutation CompleteTrial($input: CompleteTrialInput!) {\n    completeTrial(input: $input) { __typename ... on TrialPayload { trial { status } } ... on InvalidTransitionError { from to } }\n  }\n": typeof types.CompleteTrialDocument,
    "\n  mutation ExtendTrial($input: ExtendTrialInput!) {\n    extendTrial(input: $input) { __typename ... on TrialPayload { trial { daysRemaining } } ... on TrialNotActiveError { status } ... on ValidationError { issues { path } } }\n  }\n": typeof types.ExtendTrialDocument,
    "\n  mutation ExecuteTrialTask($input: ExecuteTrialTaskInput!) {\n    executeTrialTask(input: $input) {\n      __typename\n      ... on TrialTaskPayload { taskId taskStatus }\n      ... on TrialNotActiveError { status message }\n      ... on BudgetExceededError { message budgetId }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on PolicyDeniedError { reasons violationId }\n    }\n  }\n": typeof types.ExecuteTrialTaskDocument,
    "\n  mutation AddDeliverable($input: AddTrialDeliverableInput!) {\n    addTrialDeliverable(input: $input) {\n      __typename\n      ... on TrialDeliverablePayload { deliverable { id title } }\n      ... on TrialNotActiveError { status }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.AddDeliverableDocument,
    "\n  query GetTrial($id: ID!) {\n    trial(id: $id) { status daysRemaining endedAt deliverables(first: 10) { totalCount edges { node { title content url } } } }\n  }\n": typeof types.GetTrialDocument,
    "\n  query ListTrials($filter: TrialsFilter) { trials(first: 50, filter: $filter) { totalCount edges { node { id status } } } }\n": typeof types.ListTrialsDocument,
    "\n  query Marketplace($filter: MarketplaceFilter) {\n    marketplaceAgents(first: 20, filter: $filter) { edges { node { id name version trustTier tags trialStats { started converted conversionRate } } } }\n  }\n": typeof types.MarketplaceDocument,
    "query CustomerView { agents(first: 5) { totalCount } }": typeof types.CustomerViewDocument,
    "query CustomersList { customers(first: 10) { totalCount } }": typeof types.CustomersListDocument,
    "\n  mutation StartTrialTaskRun($input: StartTaskInput!) { startTask(input: $input) { __typename } }\n": typeof types.StartTrialTaskRunDocument,
    "\n  mutation CompleteTrialTaskRun($input: CompleteTaskInput!) { completeTask(input: $input) { __typename } }\n": typeof types.CompleteTrialTaskRunDocument,
    "\n  subscription TrialUpdated($filter: TrialStreamFilter, $after: String) { trialUpdated(filter: $filter, after: $after) { status } }\n": typeof types.TrialUpdatedDocument,
    "\n  mutation CreateVersion($input: CreateAgentVersionInput!) {\n    createAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { id semver status config { timeout } permissions { dataAccess } tools { name } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n": typeof types.CreateVersionDocument,
    "\n  mutation UpdateVersion($input: UpdateAgentVersionInput!) {\n    updateAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { changelog } }\n      ... on InvalidTransitionError { from to message }\n      ... on ValidationError { issues { path } }\n    }\n  }\n": typeof types.UpdateVersionDocument,
    "\n  mutation PublishVersion($input: PublishAgentVersionInput!) {\n    publishAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { status agent { status currentVersion { semver } } } }\n      ... on ConflictError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n": typeof types.PublishVersionDocument,
    "\n  mutation ArchiveVersion($input: ArchiveAgentVersionInput!) {\n    archiveAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { status agent { currentVersion { semver } } } }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n": typeof types.ArchiveVersionDocument,
    "\n  query AgentVersions($id: ID!) {\n    agent(id: $id) { status currentVersion { semver } versions(first: 10) { totalCount edges { node { semver status } } } }\n  }\n": typeof types.AgentVersionsDocument,
};
const documents: Documents = {
    "\n  mutation CreateAgent($input: CreateAgentInput!) {\n    createAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug status governor { id name } } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.CreateAgentDocument,
    "\n  mutation UpdateAgent($input: UpdateAgentInput!) {\n    updateAgent(input: $input) {\n      __typename\n      ... on AgentPayload { agent { id slug name tags } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n": types.UpdateAgentDocument,
    "\n  mutation SuspendAgent($input: SuspendAgentInput!) {\n    suspendAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n": types.SuspendAgentDocument,
    "\n  mutation ReactivateAgent($input: ReactivateAgentInput!) {\n    reactivateAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n": types.ReactivateAgentDocument,
    "\n  mutation RetireAgent($input: RetireAgentInput!) {\n    retireAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }\n  }\n": types.RetireAgentDocument,
    "\n  query AgentsList($first: Int, $filter: AgentsFilter, $orderBy: AgentOrder) {\n    agents(first: $first, filter: $filter, orderBy: $orderBy) { totalCount edges { node { slug status tags } } }\n  }\n": types.AgentsListDocument,
    "\n  query Dashboard($first: Int!) {\n    agents(first: $first) {\n      edges { node { governor { id } currentVersion { semver } versions(first: 5) { edges { node { semver } } } } }\n    }\n  }\n": types.DashboardDocument,
    "\n  query TrustPage($first: Int!) {\n    agents(first: $first) { edges { node {\n      name status currentVersion { semver } trustScore { overall } openViolationCount\n      versions(first: 3) { edges { node { semver } } }\n    } } }\n  }\n": types.TrustPageDocument,
    "query AgentBySlug($slug: String!) { agentBySlug(slug: $slug) { id slug } }": types.AgentBySlugDocument,
    "\n  mutation CreateKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret apiKey { id prefix scopes active agent { slug } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n": types.CreateKeyDocument,
    "\n  mutation RevokeKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { __typename ... on ApiKeyPayload { apiKey { active revokedAt } } ... on ConflictError { message } }\n  }\n": types.RevokeKeyDocument,
    "query WhoAmI { viewer { scopes } }": types.WhoAmIDocument,
    "query Keys { viewer { organization { apiKeys(first: 50) { edges { node { prefix } } } } } }": types.KeysDocument,
    "query Viewer { viewer { actorType role scopes organization { id name } user { id } apiKey { prefix } } }": types.ViewerDocument,
    "query AgentsForAuth { agents(first: 1) { totalCount } }": types.AgentsForAuthDocument,
    "query Members { viewer { organization { members(first: 10) { totalCount } } } }": types.MembersDocument,
    "query Boom { agents(first: 1) { edges { node { id } } } }": types.BoomDocument,
    "\n  mutation MoveZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }\n": types.MoveZoneDocument,
    "\n  query WindowOf($id: ID!) { budget(id: $id) { remaining currentWindow { start end } } }\n": types.WindowOfDocument,
    "\n  mutation RaiseConcurrently($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename } }\n": types.RaiseConcurrentlyDocument,
    "\n  mutation AttestConcurrently($input: AddAttestationInput!) { addAttestation(input: $input) { __typename } }\n": types.AttestConcurrentlyDocument,
    "\n  mutation RaiseMinimum($input: UpdateTrustSettingsInput!) { updateTrustSettings(input: $input) { __typename } }\n": types.RaiseMinimumDocument,
    "query AgentStatusOf($id: ID!) { agent(id: $id) { status trustScore { overall } } }": types.AgentStatusOfDocument,
    "\n  mutation PropAuthorize($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id amount } } }\n  }\n": types.PropAuthorizeDocument,
    "\n  mutation PropSettle($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }\n": types.PropSettleDocument,
    "\n  mutation PropRelease($input: ReleaseSpendInput!) { releaseSpend(input: $input) { __typename } }\n": types.PropReleaseDocument,
    "\n  mutation PropAdjust($input: AdjustBudgetInput!) { adjustBudget(input: $input) { __typename } }\n": types.PropAdjustDocument,
    "\n  mutation PropZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }\n": types.PropZoneDocument,
    "\n  mutation PropSuspend($input: SuspendAgentInput!) { suspendAgent(input: $input) { __typename } }\n": types.PropSuspendDocument,
    "\n  mutation PropCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { __typename ... on CustomerPayload { customer { id } } }\n  }\n": types.PropCustomerDocument,
    "\n  mutation PropStartTrial($input: StartTrialInput!) {\n    startTrial(input: $input) { __typename ... on TrialPayload { trial { id } } }\n  }\n": types.PropStartTrialDocument,
    "\n  mutation PropTrialTask($input: ExecuteTrialTaskInput!) {\n    executeTrialTask(input: $input) { __typename ... on Error { message } }\n  }\n": types.PropTrialTaskDocument,
    "\n  mutation PropCancelTrial($input: CancelTrialInput!) { cancelTrial(input: $input) { __typename } }\n": types.PropCancelTrialDocument,
    "\n  mutation PropReactivate($input: ReactivateAgentInput!) { reactivateAgent(input: $input) { __typename } }\n": types.PropReactivateDocument,
    "\n  mutation Authorize($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) {\n      __typename\n      ... on SpendDecision { outcome reasons reservation { id amount expiresAt } bindingBudget { name } remaining { remaining budget { name } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n": types.AuthorizeDocument,
    "\n  mutation Settle($input: SettleSpendInput!) {\n    settleSpend(input: $input) {\n      __typename\n      ... on SpendReservationPayload { reservation { status actualAmount } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n": types.SettleDocument,
    "\n  mutation Release($input: ReleaseSpendInput!) {\n    releaseSpend(input: $input) { __typename ... on SpendReservationPayload { reservation { status } } ... on InvalidTransitionError { from to } }\n  }\n": types.ReleaseDocument,
    "\n  mutation Adjust($input: AdjustBudgetInput!) {\n    adjustBudget(input: $input) { __typename ... on BudgetPayload { budget { spent remaining } } ... on ValidationError { issues { path } } }\n  }\n": types.AdjustDocument,
    "\n  mutation CreateBudgetM($input: CreateBudgetInput!) {\n    createBudget(input: $input) { __typename ... on BudgetPayload { budget { id limit thresholds } } ... on ValidationError { issues { path message } } ... on NotFoundError { message } }\n  }\n": types.CreateBudgetMDocument,
    "\n  query BudgetState($id: ID!) {\n    budget(id: $id) { spent reserved remaining utilization currentWindow { start end } entries(first: 50) { edges { node { kind spentDelta reservedDelta } } } }\n  }\n": types.BudgetStateDocument,
    "subscription BudgetChanged($filter: BudgetStreamFilter) { budgetChanged(filter: $filter) { spent reserved remaining utilization } }": types.BudgetChangedDocument,
    "\n  mutation UpdateOrg($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) { __typename ... on OrganizationPayload { organization { timeZone } } ... on ValidationError { issues { path } } }\n  }\n": types.UpdateOrgDocument,
    "mutation UpdateBudgetM($input: UpdateBudgetInput!) { updateBudget(input: $input) { __typename } }": types.UpdateBudgetMDocument,
    "mutation ArchiveBudgetM($input: ArchiveBudgetInput!) { archiveBudget(input: $input) { __typename } }": types.ArchiveBudgetMDocument,
    "\n  query Usage($id: ID!, $from: DateTime!, $to: DateTime!) {\n    agent(id: $id) { usage(from: $from, to: $to, bucket: DAY) { bucket spend calls inputTokens outputTokens } }\n  }\n": types.UsageDocument,
    "\n  query Summary($from: DateTime!, $to: DateTime!) { spendSummary(from: $from, to: $to) { total calls byAgent { key spend calls } byService { key spend calls } } }\n": types.SummaryDocument,
    "\n  mutation CreateContext($input: CreateContextInput!) {\n    createContext(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { id name status revision state collaborationModel participants { role agent { id } } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.CreateContextDocument,
    "\n  mutation UpdateContext($input: UpdateContextInput!) {\n    updateContext(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { name metadata } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.UpdateContextDocument,
    "\n  mutation AddParticipant($input: AddContextParticipantInput!) {\n    addContextParticipant(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { participants { role agent { id } } } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.AddParticipantDocument,
    "\n  mutation RemoveParticipant($input: RemoveContextParticipantInput!) {\n    removeContextParticipant(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { participants { agent { id } } } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n": types.RemoveParticipantDocument,
    "\n  mutation PauseContext($input: PauseContextInput!) {\n    pauseContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n": types.PauseContextDocument,
    "\n  mutation ResumeContext($input: ResumeContextInput!) {\n    resumeContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } }\n  }\n": types.ResumeContextDocument,
    "\n  mutation CloseContext($input: CloseContextInput!) {\n    closeContext(input: $input) { __typename ... on AgentContextPayload { context { status closedAt } } ... on InvalidTransitionError { from to } }\n  }\n": types.CloseContextDocument,
    "\n  mutation PersistState($input: PersistContextStateInput!) {\n    persistContextState(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { revision state } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.PersistStateDocument,
    "\n  query GetContext($id: ID!) {\n    context(id: $id) {\n      name status revision state\n      stateHistory(first: 10) { edges { node { revision state } } }\n      participants { role agent { name } }\n    }\n  }\n": types.GetContextDocument,
    "\n  query ListContexts($filter: ContextsFilter) { contexts(first: 50, filter: $filter) { totalCount edges { node { id name } } } }\n": types.ListContextsDocument,
    "query AgentContexts($id: ID!) { agent(id: $id) { contexts { name } } }": types.AgentContextsDocument,
    "\n  mutation CreateContextForMessages($input: CreateContextInput!) {\n    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }\n  }\n": types.CreateContextForMessagesDocument,
    "\n  mutation PostMessage($input: PostContextMessageInput!) {\n    postContextMessage(input: $input) {\n      __typename\n      ... on ContextMessagePayload { contextMessage { id type blocked content violationId decision { outcome reasons policyKeys } from { name } to { name } replyTo { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n": types.PostMessageDocument,
    "mutation PauseForMessages($input: PauseContextInput!) { pauseContext(input: $input) { __typename } }": types.PauseForMessagesDocument,
    "\n  query ContextMessages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n    context(id: $id) {\n      messages(first: $first, after: $after, last: $last, before: $before) {\n        totalCount\n        pageInfo { hasNextPage hasPreviousPage endCursor startCursor }\n        edges { node { content blocked } }\n      }\n    }\n  }\n": types.ContextMessagesDocument,
    "\n  query ContextMetrics($id: ID!) {\n    context(id: $id) {\n      metrics { messageCount blockedMessageCount averageResponseSeconds spend inputTokens outputTokens lastActivityAt messagesPerAgent { count agent { name } } }\n    }\n  }\n": types.ContextMetricsDocument,
    "\n  query ContextHot($id: ID!) {\n    context(id: $id) {\n      participants { agent { name } }\n      messages(first: 50) { edges { node { from { name } type } } }\n      metrics { messageCount }\n    }\n  }\n": types.ContextHotDocument,
    "\n  query ContextsWithMetrics { contexts(first: 50) { edges { node { name metrics { messageCount spend } } } } }\n": types.ContextsWithMetricsDocument,
    "\n  subscription MessageAdded($contextId: ID!, $after: String) {\n    contextMessageAdded(contextId: $contextId, after: $after) { type content blocked from { name } }\n  }\n": types.MessageAddedDocument,
    "\n  mutation AuthorizeInContext($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id } } ... on NotFoundError { message } }\n  }\n": types.AuthorizeInContextDocument,
    "\n  mutation SettleInContext($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }\n": types.SettleInContextDocument,
    "\n  query Verify($from: Int, $to: Int) { verifyActivityChain(from: $from, to: $to) { ok from to checked brokenAt reason checkpointSequence } }\n": types.VerifyDocument,
    "\n  query ActivityPage($first: Int, $after: String, $last: Int, $before: String, $filter: ActivityFilter) {\n    activity(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      edges { cursor node { sequence verb } }\n      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }\n    }\n  }\n": types.ActivityPageDocument,
    "\n  subscription ChangedForBackpressure($agentId: ID) { agentChanged(agentId: $agentId) { slug } }\n": types.ChangedForBackpressureDocument,
    "subscription Sequences($after: String) { activity(after: $after) { sequence verb } }": types.SequencesDocument,
    "mutation Touch($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }": types.TouchDocument,
    "query VerifyAll { verifyActivityChain { ok from to checked brokenAt reason } }": types.VerifyAllDocument,
    "\n  subscription Activity($after: String, $filter: ActivityStreamFilter) {\n    activity(after: $after, filter: $filter) { sequence verb subjectType agentId }\n  }\n": types.ActivityDocument,
    "\n  subscription AgentChanged($agentId: ID) {\n    agentChanged(agentId: $agentId) { slug status currentVersion { semver } versions(first: 5) { totalCount } }\n  }\n": types.AgentChangedDocument,
    "\n  subscription AgentBudgets($agentId: ID) { agentChanged(agentId: $agentId) { slug budgets(first: 1) { edges { node { name } } } } }\n": types.AgentBudgetsDocument,
    "\n  mutation CreateForLive($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on AgentPayload { agent { id } } } }\n": types.CreateForLiveDocument,
    "\n  mutation RenameForLive($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }\n": types.RenameForLiveDocument,
    "\n  mutation Evaluate($input: EvaluateActionInput!) {\n    evaluateAction(input: $input) {\n      __typename\n      ... on Decision { outcome reasons matchedPolicies { outcome reason policy { key } } }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n": types.EvaluateDocument,
    "\n  mutation Report($input: ReportActionInput!) {\n    reportAction(input: $input) {\n      __typename\n      ... on Decision { outcome violation { severity category status raisedByType policy { key } } }\n    }\n  }\n": types.ReportDocument,
    "\n  mutation CreatePolicy($input: CreatePolicyInput!) {\n    createPolicy(input: $input) {\n      __typename\n      ... on PolicyPayload { policy { id key kind enabled rules defaultSeverity } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.CreatePolicyDocument,
    "\n  mutation UpdatePolicy($input: UpdatePolicyInput!) {\n    updatePolicy(input: $input) {\n      __typename\n      ... on PolicyPayload { policy { name rules } }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n": types.UpdatePolicyDocument,
    "\n  mutation DisablePolicy($input: DisablePolicyInput!) {\n    disablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }\n  }\n": types.DisablePolicyDocument,
    "\n  mutation EnablePolicy($input: EnablePolicyInput!) {\n    enablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }\n  }\n": types.EnablePolicyDocument,
    "\n  query Policies($filter: PoliciesFilter) { policies(first: 50, filter: $filter) { edges { node { key kind enabled } } } }\n": types.PoliciesDocument,
    "query PolicyById($id: ID!) { policy(id: $id) { key } }": types.PolicyByIdDocument,
    "\n  query Trust($id: ID!) {\n    agent(id: $id) {\n      status\n      trustScore { competence reliability honesty transparency overall tier causeVerb causeSequence explanation { kind ref dimension effect weight } }\n      trustHistory(first: 10) { totalCount edges { node { overall causeVerb } } }\n      currentVersion { trustScore { overall } }\n    }\n  }\n": types.TrustDocument,
    "\n  mutation RaiseForTrust($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename ... on ViolationPayload { violation { id } } } }\n": types.RaiseForTrustDocument,
    "mutation AckForTrust($input: AcknowledgeViolationInput!) { acknowledgeViolation(input: $input) { __typename } }": types.AckForTrustDocument,
    "mutation ResolveForTrust($input: ResolveViolationInput!) { resolveViolation(input: $input) { __typename } }": types.ResolveForTrustDocument,
    "mutation DismissForTrust($input: DismissViolationInput!) { dismissViolation(input: $input) { __typename } }": types.DismissForTrustDocument,
    "\n  mutation Attest($input: AddAttestationInput!) {\n    addAttestation(input: $input) { __typename ... on AttestationPayload { attestation { id score } } ... on ValidationError { issues { path } } ... on NotFoundError { message } }\n  }\n": types.AttestDocument,
    "mutation RevokeAttestation($input: RevokeAttestationInput!) { revokeAttestation(input: $input) { __typename } }": types.RevokeAttestationDocument,
    "mutation ReportForTrust($input: ReportActionInput!) { reportAction(input: $input) { __typename ... on Decision { outcome } } }": types.ReportForTrustDocument,
    "\n  mutation Settings($input: UpdateTrustSettingsInput!) {\n    updateTrustSettings(input: $input) { __typename ... on TrustSettingsPayload { trustSettings } ... on ValidationError { issues { path } } }\n  }\n": types.SettingsDocument,
    "subscription Changed($agentId: ID) { trustScoreChanged(agentId: $agentId) { overall causeVerb } }": types.ChangedDocument,
    "query TrustNode($id: ID!) { node(id: $id) { id } }": types.TrustNodeDocument,
    "\n  query TrustDashboard($first: Int!) {\n    agents(first: $first) {\n      edges { node { trustScore { overall tier } openViolationCount violations(first: 5) { edges { node { severity } } } } }\n    }\n  }\n": types.TrustDashboardDocument,
    "\n  mutation Raise($input: RaiseViolationInput!) {\n    raiseViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { id severity category status raisedByType policy { key } version { semver } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n": types.RaiseDocument,
    "\n  mutation Acknowledge($input: AcknowledgeViolationInput!) {\n    acknowledgeViolation(input: $input) { __typename ... on ViolationPayload { violation { status acknowledgedAt } } ... on InvalidTransitionError { from to } }\n  }\n": types.AcknowledgeDocument,
    "\n  mutation Resolve($input: ResolveViolationInput!) {\n    resolveViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { status resolutionNote resolvedAt } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path } }\n    }\n  }\n": types.ResolveDocument,
    "\n  mutation Dismiss($input: DismissViolationInput!) {\n    dismissViolation(input: $input) { __typename ... on ViolationPayload { violation { status dismissalReason } } ... on InvalidTransitionError { from to } }\n  }\n": types.DismissDocument,
    "\n  query Violations($filter: ViolationsFilter) { violations(first: 50, filter: $filter) { totalCount edges { node { description severity status } } } }\n": types.ViolationsDocument,
    "query ViolationById($id: ID!) { violation(id: $id) { id } }": types.ViolationByIdDocument,
    "\n  query AgentViolations($id: ID!) { agent(id: $id) { openViolationCount violations(first: 10) { totalCount edges { node { description } } } } }\n": types.AgentViolationsDocument,
    "\n  subscription Raised($filter: ViolationStreamFilter) { violationRaised(filter: $filter) { description severity agent { slug } } }\n": types.RaisedDocument,
    "subscription Updated($filter: ViolationStreamFilter) { violationUpdated(filter: $filter) { description status } }": types.UpdatedDocument,
    "\n  query GovernanceDashboard($first: Int!) {\n    agents(first: $first) { edges { node { openViolationCount violations(first: 5) { edges { node { severity } } } } } }\n  }\n": types.GovernanceDashboardDocument,
    "query OpenViolationCount($id: ID!) { agent(id: $id) { openViolationCount } }": types.OpenViolationCountDocument,
    "\n  mutation AddMember($input: AddMemberInput!) {\n    addMember(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id email role status } }\n      ... on ValidationError { issues { path } }\n      ... on ConflictError { message }\n    }\n  }\n": types.AddMemberDocument,
    "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { status } }\n      ... on NotFoundError { message }\n      ... on InvalidTransitionError { message }\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  mutation DeclineInvitation($input: DeclineInvitationInput!) {\n    declineInvitation(input: $input) { __typename ... on InvitationPayload { invitation { status } } }\n  }\n": types.DeclineInvitationDocument,
    "query MyInvitations { viewer { invitations { id organizationName role } scopes } }": types.MyInvitationsDocument,
    "\n  mutation ChangeRole($input: ChangeMemberRoleInput!) {\n    changeMemberRole(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { role } }\n      ... on InvalidTransitionError { message }\n      ... on NotFoundError { message }\n    }\n  }\n": types.ChangeRoleDocument,
    "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on RemoveMemberPayload { removedMembershipId }\n      ... on InvalidTransitionError { message }\n      ... on ConflictError { message }\n    }\n  }\n": types.RemoveMemberDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { id status priority sandbox maxAttempts goal context { id } agent { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n": types.CreateTaskDocument,
    "\n  mutation StartTask($input: StartTaskInput!) {\n    startTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { status attempts } }\n      ... on InvalidTransitionError { from to message }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n": types.StartTaskDocument,
    "\n  mutation RecordStep($input: RecordTaskStepInput!) {\n    recordTaskStep(input: $input) {\n      __typename\n      ... on TaskPayload { task { steps(first: 20) { totalCount edges { node { position step status state attempt } } } } }\n      ... on InvalidTransitionError { from to message }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n": types.RecordStepDocument,
    "\n  mutation CompleteTask($input: CompleteTaskInput!) {\n    completeTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { status output cost } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n": types.CompleteTaskDocument,
    "\n  mutation FailTask($input: FailTaskInput!) {\n    failTask(input: $input) { __typename ... on TaskPayload { task { status error } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }\n  }\n": types.FailTaskDocument,
    "\n  mutation CancelTask($input: CancelTaskInput!) {\n    cancelTask(input: $input) { __typename ... on TaskPayload { task { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n": types.CancelTaskDocument,
    "\n  mutation RetryTask($input: RetryTaskInput!) {\n    retryTask(input: $input) { __typename ... on TaskPayload { task { status attempts } } ... on InvalidTransitionError { from to message } }\n  }\n": types.RetryTaskDocument,
    "\n  query GetTask($id: ID!) { task(id: $id) { status goal steps(first: 10) { totalCount } } }\n": types.GetTaskDocument,
    "\n  query ListTasks($filter: TasksFilter) { tasks(first: 50, filter: $filter) { totalCount edges { node { id status } } } }\n": types.ListTasksDocument,
    "\n  query AgentTasks($id: ID!) { agent(id: $id) { tasks(first: 10) { totalCount } trustScore { reliability } } }\n": types.AgentTasksDocument,
    "\n  subscription TaskUpdated($filter: TaskStreamFilter, $after: String) { taskUpdated(filter: $filter, after: $after) { status attempts } }\n": types.TaskUpdatedDocument,
    "query TaskBudget($id: ID!) { budget(id: $id) { spent } }": types.TaskBudgetDocument,
    "\n  mutation CreateContextForTasks($input: CreateContextInput!) {\n    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }\n  }\n": types.CreateContextForTasksDocument,
    "query ListAgents { agents(first: 100) { totalCount edges { node { id } } } }": types.ListAgentsDocument,
    "query GetAgent($id: ID!) { agent(id: $id) { id } }": types.GetAgentDocument,
    "query GetBySlug($slug: String!) { agentBySlug(slug: $slug) { id } }": types.GetBySlugDocument,
    "query GetNode($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }": types.GetNodeDocument,
    "query GetVersion($id: ID!) { agentVersion(id: $id) { id } }": types.GetVersionDocument,
    "\n  mutation Rename($input: UpdateAgentInput!) {\n    updateAgent(input: $input) { __typename ... on NotFoundError { message code } }\n  }\n": types.RenameDocument,
    "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      __typename\n      ... on CustomerPayload { customer { id name email } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.CreateCustomerDocument,
    "\n  mutation StartTrial($input: StartTrialInput!) {\n    startTrial(input: $input) {\n      __typename\n      ... on TrialPayload { trial { id status daysRemaining expiresAt listing { name version } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n": types.StartTrialDocument,
    "\n  mutation CancelTrial($input: CancelTrialInput!) {\n    cancelTrial(input: $input) { __typename ... on TrialPayload { trial { status cancelReason endedAt } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n": types.CancelTrialDocument,
    "\n  mutation ConvertTrial($input: ConvertTrialInput!) {\n    convertTrial(input: $input) { __typename ... on TrialPayload { trial { status planReference daysRemaining } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }\n  }\n": types.ConvertTrialDocument,
    "\n  mutation CompleteTrial($input: CompleteTrialInput!) {\n    completeTrial(input: $input) { __typename ... on TrialPayload { trial { status } } ... on InvalidTransitionError { from to } }\n  }\n": types.CompleteTrialDocument,
    "\n  mutation ExtendTrial($input: ExtendTrialInput!) {\n    extendTrial(input: $input) { __typename ... on TrialPayload { trial { daysRemaining } } ... on TrialNotActiveError { status } ... on ValidationError { issues { path } } }\n  }\n": types.ExtendTrialDocument,
    "\n  mutation ExecuteTrialTask($input: ExecuteTrialTaskInput!) {\n    executeTrialTask(input: $input) {\n      __typename\n      ... on TrialTaskPayload { taskId taskStatus }\n      ... on TrialNotActiveError { status message }\n      ... on BudgetExceededError { message budgetId }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on PolicyDeniedError { reasons violationId }\n    }\n  }\n": types.ExecuteTrialTaskDocument,
    "\n  mutation AddDeliverable($input: AddTrialDeliverableInput!) {\n    addTrialDeliverable(input: $input) {\n      __typename\n      ... on TrialDeliverablePayload { deliverable { id title } }\n      ... on TrialNotActiveError { status }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.AddDeliverableDocument,
    "\n  query GetTrial($id: ID!) {\n    trial(id: $id) { status daysRemaining endedAt deliverables(first: 10) { totalCount edges { node { title content url } } } }\n  }\n": types.GetTrialDocument,
    "\n  query ListTrials($filter: TrialsFilter) { trials(first: 50, filter: $filter) { totalCount edges { node { id status } } } }\n": types.ListTrialsDocument,
    "\n  query Marketplace($filter: MarketplaceFilter) {\n    marketplaceAgents(first: 20, filter: $filter) { edges { node { id name version trustTier tags trialStats { started converted conversionRate } } } }\n  }\n": types.MarketplaceDocument,
    "query CustomerView { agents(first: 5) { totalCount } }": types.CustomerViewDocument,
    "query CustomersList { customers(first: 10) { totalCount } }": types.CustomersListDocument,
    "\n  mutation StartTrialTaskRun($input: StartTaskInput!) { startTask(input: $input) { __typename } }\n": types.StartTrialTaskRunDocument,
    "\n  mutation CompleteTrialTaskRun($input: CompleteTaskInput!) { completeTask(input: $input) { __typename } }\n": types.CompleteTrialTaskRunDocument,
    "\n  subscription TrialUpdated($filter: TrialStreamFilter, $after: String) { trialUpdated(filter: $filter, after: $after) { status } }\n": types.TrialUpdatedDocument,
    "\n  mutation CreateVersion($input: CreateAgentVersionInput!) {\n    createAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { id semver status config { timeout } permissions { dataAccess } tools { name } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n": types.CreateVersionDocument,
    "\n  mutation UpdateVersion($input: UpdateAgentVersionInput!) {\n    updateAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { changelog } }\n      ... on InvalidTransitionError { from to message }\n      ... on ValidationError { issues { path } }\n    }\n  }\n": types.UpdateVersionDocument,
    "\n  mutation PublishVersion($input: PublishAgentVersionInput!) {\n    publishAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { status agent { status currentVersion { semver } } } }\n      ... on ConflictError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n": types.PublishVersionDocument,
    "\n  mutation ArchiveVersion($input: ArchiveAgentVersionInput!) {\n    archiveAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { status agent { currentVersion { semver } } } }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n": types.ArchiveVersionDocument,
    "\n  query AgentVersions($id: ID!) {\n    agent(id: $id) { status currentVersion { semver } versions(first: 10) { totalCount edges { node { semver status } } } }\n  }\n": types.AgentVersionsDocument,
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
export function graphql(source: "\n  query TrustPage($first: Int!) {\n    agents(first: $first) { edges { node {\n      name status currentVersion { semver } trustScore { overall } openViolationCount\n      versions(first: 3) { edges { node { semver } } }\n    } } }\n  }\n"): (typeof documents)["\n  query TrustPage($first: Int!) {\n    agents(first: $first) { edges { node {\n      name status currentVersion { semver } trustScore { overall } openViolationCount\n      versions(first: 3) { edges { node { semver } } }\n    } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AgentBySlug($slug: String!) { agentBySlug(slug: $slug) { id slug } }"): (typeof documents)["query AgentBySlug($slug: String!) { agentBySlug(slug: $slug) { id slug } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret apiKey { id prefix scopes active agent { slug } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret apiKey { id prefix scopes active agent { slug } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { __typename ... on ApiKeyPayload { apiKey { active revokedAt } } ... on ConflictError { message } }\n  }\n"): (typeof documents)["\n  mutation RevokeKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { __typename ... on ApiKeyPayload { apiKey { active revokedAt } } ... on ConflictError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WhoAmI { viewer { scopes } }"): (typeof documents)["query WhoAmI { viewer { scopes } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Keys { viewer { organization { apiKeys(first: 50) { edges { node { prefix } } } } } }"): (typeof documents)["query Keys { viewer { organization { apiKeys(first: 50) { edges { node { prefix } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer { viewer { actorType role scopes organization { id name } user { id } apiKey { prefix } } }"): (typeof documents)["query Viewer { viewer { actorType role scopes organization { id name } user { id } apiKey { prefix } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AgentsForAuth { agents(first: 1) { totalCount } }"): (typeof documents)["query AgentsForAuth { agents(first: 1) { totalCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Members { viewer { organization { members(first: 10) { totalCount } } } }"): (typeof documents)["query Members { viewer { organization { members(first: 10) { totalCount } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Boom { agents(first: 1) { edges { node { id } } } }"): (typeof documents)["query Boom { agents(first: 1) { edges { node { id } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation MoveZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WindowOf($id: ID!) { budget(id: $id) { remaining currentWindow { start end } } }\n"): (typeof documents)["\n  query WindowOf($id: ID!) { budget(id: $id) { remaining currentWindow { start end } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RaiseConcurrently($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation RaiseConcurrently($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AttestConcurrently($input: AddAttestationInput!) { addAttestation(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation AttestConcurrently($input: AddAttestationInput!) { addAttestation(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RaiseMinimum($input: UpdateTrustSettingsInput!) { updateTrustSettings(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation RaiseMinimum($input: UpdateTrustSettingsInput!) { updateTrustSettings(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AgentStatusOf($id: ID!) { agent(id: $id) { status trustScore { overall } } }"): (typeof documents)["query AgentStatusOf($id: ID!) { agent(id: $id) { status trustScore { overall } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropAuthorize($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id amount } } }\n  }\n"): (typeof documents)["\n  mutation PropAuthorize($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id amount } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropSettle($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation PropSettle($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropRelease($input: ReleaseSpendInput!) { releaseSpend(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation PropRelease($input: ReleaseSpendInput!) { releaseSpend(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropAdjust($input: AdjustBudgetInput!) { adjustBudget(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation PropAdjust($input: AdjustBudgetInput!) { adjustBudget(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation PropZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropSuspend($input: SuspendAgentInput!) { suspendAgent(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation PropSuspend($input: SuspendAgentInput!) { suspendAgent(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { __typename ... on CustomerPayload { customer { id } } }\n  }\n"): (typeof documents)["\n  mutation PropCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { __typename ... on CustomerPayload { customer { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropStartTrial($input: StartTrialInput!) {\n    startTrial(input: $input) { __typename ... on TrialPayload { trial { id } } }\n  }\n"): (typeof documents)["\n  mutation PropStartTrial($input: StartTrialInput!) {\n    startTrial(input: $input) { __typename ... on TrialPayload { trial { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropTrialTask($input: ExecuteTrialTaskInput!) {\n    executeTrialTask(input: $input) { __typename ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation PropTrialTask($input: ExecuteTrialTaskInput!) {\n    executeTrialTask(input: $input) { __typename ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropCancelTrial($input: CancelTrialInput!) { cancelTrial(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation PropCancelTrial($input: CancelTrialInput!) { cancelTrial(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropReactivate($input: ReactivateAgentInput!) { reactivateAgent(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation PropReactivate($input: ReactivateAgentInput!) { reactivateAgent(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Authorize($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) {\n      __typename\n      ... on SpendDecision { outcome reasons reservation { id amount expiresAt } bindingBudget { name } remaining { remaining budget { name } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation Authorize($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) {\n      __typename\n      ... on SpendDecision { outcome reasons reservation { id amount expiresAt } bindingBudget { name } remaining { remaining budget { name } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Settle($input: SettleSpendInput!) {\n    settleSpend(input: $input) {\n      __typename\n      ... on SpendReservationPayload { reservation { status actualAmount } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation Settle($input: SettleSpendInput!) {\n    settleSpend(input: $input) {\n      __typename\n      ... on SpendReservationPayload { reservation { status actualAmount } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Release($input: ReleaseSpendInput!) {\n    releaseSpend(input: $input) { __typename ... on SpendReservationPayload { reservation { status } } ... on InvalidTransitionError { from to } }\n  }\n"): (typeof documents)["\n  mutation Release($input: ReleaseSpendInput!) {\n    releaseSpend(input: $input) { __typename ... on SpendReservationPayload { reservation { status } } ... on InvalidTransitionError { from to } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Adjust($input: AdjustBudgetInput!) {\n    adjustBudget(input: $input) { __typename ... on BudgetPayload { budget { spent remaining } } ... on ValidationError { issues { path } } }\n  }\n"): (typeof documents)["\n  mutation Adjust($input: AdjustBudgetInput!) {\n    adjustBudget(input: $input) { __typename ... on BudgetPayload { budget { spent remaining } } ... on ValidationError { issues { path } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBudgetM($input: CreateBudgetInput!) {\n    createBudget(input: $input) { __typename ... on BudgetPayload { budget { id limit thresholds } } ... on ValidationError { issues { path message } } ... on NotFoundError { message } }\n  }\n"): (typeof documents)["\n  mutation CreateBudgetM($input: CreateBudgetInput!) {\n    createBudget(input: $input) { __typename ... on BudgetPayload { budget { id limit thresholds } } ... on ValidationError { issues { path message } } ... on NotFoundError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BudgetState($id: ID!) {\n    budget(id: $id) { spent reserved remaining utilization currentWindow { start end } entries(first: 50) { edges { node { kind spentDelta reservedDelta } } } }\n  }\n"): (typeof documents)["\n  query BudgetState($id: ID!) {\n    budget(id: $id) { spent reserved remaining utilization currentWindow { start end } entries(first: 50) { edges { node { kind spentDelta reservedDelta } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription BudgetChanged($filter: BudgetStreamFilter) { budgetChanged(filter: $filter) { spent reserved remaining utilization } }"): (typeof documents)["subscription BudgetChanged($filter: BudgetStreamFilter) { budgetChanged(filter: $filter) { spent reserved remaining utilization } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrg($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) { __typename ... on OrganizationPayload { organization { timeZone } } ... on ValidationError { issues { path } } }\n  }\n"): (typeof documents)["\n  mutation UpdateOrg($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) { __typename ... on OrganizationPayload { organization { timeZone } } ... on ValidationError { issues { path } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateBudgetM($input: UpdateBudgetInput!) { updateBudget(input: $input) { __typename } }"): (typeof documents)["mutation UpdateBudgetM($input: UpdateBudgetInput!) { updateBudget(input: $input) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ArchiveBudgetM($input: ArchiveBudgetInput!) { archiveBudget(input: $input) { __typename } }"): (typeof documents)["mutation ArchiveBudgetM($input: ArchiveBudgetInput!) { archiveBudget(input: $input) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Usage($id: ID!, $from: DateTime!, $to: DateTime!) {\n    agent(id: $id) { usage(from: $from, to: $to, bucket: DAY) { bucket spend calls inputTokens outputTokens } }\n  }\n"): (typeof documents)["\n  query Usage($id: ID!, $from: DateTime!, $to: DateTime!) {\n    agent(id: $id) { usage(from: $from, to: $to, bucket: DAY) { bucket spend calls inputTokens outputTokens } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Summary($from: DateTime!, $to: DateTime!) { spendSummary(from: $from, to: $to) { total calls byAgent { key spend calls } byService { key spend calls } } }\n"): (typeof documents)["\n  query Summary($from: DateTime!, $to: DateTime!) { spendSummary(from: $from, to: $to) { total calls byAgent { key spend calls } byService { key spend calls } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateContext($input: CreateContextInput!) {\n    createContext(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { id name status revision state collaborationModel participants { role agent { id } } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateContext($input: CreateContextInput!) {\n    createContext(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { id name status revision state collaborationModel participants { role agent { id } } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateContext($input: UpdateContextInput!) {\n    updateContext(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { name metadata } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateContext($input: UpdateContextInput!) {\n    updateContext(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { name metadata } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddParticipant($input: AddContextParticipantInput!) {\n    addContextParticipant(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { participants { role agent { id } } } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation AddParticipant($input: AddContextParticipantInput!) {\n    addContextParticipant(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { participants { role agent { id } } } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveParticipant($input: RemoveContextParticipantInput!) {\n    removeContextParticipant(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { participants { agent { id } } } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveParticipant($input: RemoveContextParticipantInput!) {\n    removeContextParticipant(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { participants { agent { id } } } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseContext($input: PauseContextInput!) {\n    pauseContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n"): (typeof documents)["\n  mutation PauseContext($input: PauseContextInput!) {\n    pauseContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeContext($input: ResumeContextInput!) {\n    resumeContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } }\n  }\n"): (typeof documents)["\n  mutation ResumeContext($input: ResumeContextInput!) {\n    resumeContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseContext($input: CloseContextInput!) {\n    closeContext(input: $input) { __typename ... on AgentContextPayload { context { status closedAt } } ... on InvalidTransitionError { from to } }\n  }\n"): (typeof documents)["\n  mutation CloseContext($input: CloseContextInput!) {\n    closeContext(input: $input) { __typename ... on AgentContextPayload { context { status closedAt } } ... on InvalidTransitionError { from to } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PersistState($input: PersistContextStateInput!) {\n    persistContextState(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { revision state } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation PersistState($input: PersistContextStateInput!) {\n    persistContextState(input: $input) {\n      __typename\n      ... on AgentContextPayload { context { revision state } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetContext($id: ID!) {\n    context(id: $id) {\n      name status revision state\n      stateHistory(first: 10) { edges { node { revision state } } }\n      participants { role agent { name } }\n    }\n  }\n"): (typeof documents)["\n  query GetContext($id: ID!) {\n    context(id: $id) {\n      name status revision state\n      stateHistory(first: 10) { edges { node { revision state } } }\n      participants { role agent { name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListContexts($filter: ContextsFilter) { contexts(first: 50, filter: $filter) { totalCount edges { node { id name } } } }\n"): (typeof documents)["\n  query ListContexts($filter: ContextsFilter) { contexts(first: 50, filter: $filter) { totalCount edges { node { id name } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AgentContexts($id: ID!) { agent(id: $id) { contexts { name } } }"): (typeof documents)["query AgentContexts($id: ID!) { agent(id: $id) { contexts { name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateContextForMessages($input: CreateContextInput!) {\n    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }\n  }\n"): (typeof documents)["\n  mutation CreateContextForMessages($input: CreateContextInput!) {\n    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PostMessage($input: PostContextMessageInput!) {\n    postContextMessage(input: $input) {\n      __typename\n      ... on ContextMessagePayload { contextMessage { id type blocked content violationId decision { outcome reasons policyKeys } from { name } to { name } replyTo { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation PostMessage($input: PostContextMessageInput!) {\n    postContextMessage(input: $input) {\n      __typename\n      ... on ContextMessagePayload { contextMessage { id type blocked content violationId decision { outcome reasons policyKeys } from { name } to { name } replyTo { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PauseForMessages($input: PauseContextInput!) { pauseContext(input: $input) { __typename } }"): (typeof documents)["mutation PauseForMessages($input: PauseContextInput!) { pauseContext(input: $input) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContextMessages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n    context(id: $id) {\n      messages(first: $first, after: $after, last: $last, before: $before) {\n        totalCount\n        pageInfo { hasNextPage hasPreviousPage endCursor startCursor }\n        edges { node { content blocked } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContextMessages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n    context(id: $id) {\n      messages(first: $first, after: $after, last: $last, before: $before) {\n        totalCount\n        pageInfo { hasNextPage hasPreviousPage endCursor startCursor }\n        edges { node { content blocked } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContextMetrics($id: ID!) {\n    context(id: $id) {\n      metrics { messageCount blockedMessageCount averageResponseSeconds spend inputTokens outputTokens lastActivityAt messagesPerAgent { count agent { name } } }\n    }\n  }\n"): (typeof documents)["\n  query ContextMetrics($id: ID!) {\n    context(id: $id) {\n      metrics { messageCount blockedMessageCount averageResponseSeconds spend inputTokens outputTokens lastActivityAt messagesPerAgent { count agent { name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContextHot($id: ID!) {\n    context(id: $id) {\n      participants { agent { name } }\n      messages(first: 50) { edges { node { from { name } type } } }\n      metrics { messageCount }\n    }\n  }\n"): (typeof documents)["\n  query ContextHot($id: ID!) {\n    context(id: $id) {\n      participants { agent { name } }\n      messages(first: 50) { edges { node { from { name } type } } }\n      metrics { messageCount }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContextsWithMetrics { contexts(first: 50) { edges { node { name metrics { messageCount spend } } } } }\n"): (typeof documents)["\n  query ContextsWithMetrics { contexts(first: 50) { edges { node { name metrics { messageCount spend } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessageAdded($contextId: ID!, $after: String) {\n    contextMessageAdded(contextId: $contextId, after: $after) { type content blocked from { name } }\n  }\n"): (typeof documents)["\n  subscription MessageAdded($contextId: ID!, $after: String) {\n    contextMessageAdded(contextId: $contextId, after: $after) { type content blocked from { name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthorizeInContext($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id } } ... on NotFoundError { message } }\n  }\n"): (typeof documents)["\n  mutation AuthorizeInContext($input: AuthorizeSpendInput!) {\n    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id } } ... on NotFoundError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettleInContext($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation SettleInContext($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Verify($from: Int, $to: Int) { verifyActivityChain(from: $from, to: $to) { ok from to checked brokenAt reason checkpointSequence } }\n"): (typeof documents)["\n  query Verify($from: Int, $to: Int) { verifyActivityChain(from: $from, to: $to) { ok from to checked brokenAt reason checkpointSequence } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityPage($first: Int, $after: String, $last: Int, $before: String, $filter: ActivityFilter) {\n    activity(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      edges { cursor node { sequence verb } }\n      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }\n    }\n  }\n"): (typeof documents)["\n  query ActivityPage($first: Int, $after: String, $last: Int, $before: String, $filter: ActivityFilter) {\n    activity(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      edges { cursor node { sequence verb } }\n      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ChangedForBackpressure($agentId: ID) { agentChanged(agentId: $agentId) { slug } }\n"): (typeof documents)["\n  subscription ChangedForBackpressure($agentId: ID) { agentChanged(agentId: $agentId) { slug } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription Sequences($after: String) { activity(after: $after) { sequence verb } }"): (typeof documents)["subscription Sequences($after: String) { activity(after: $after) { sequence verb } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Touch($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }"): (typeof documents)["mutation Touch($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VerifyAll { verifyActivityChain { ok from to checked brokenAt reason } }"): (typeof documents)["query VerifyAll { verifyActivityChain { ok from to checked brokenAt reason } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Activity($after: String, $filter: ActivityStreamFilter) {\n    activity(after: $after, filter: $filter) { sequence verb subjectType agentId }\n  }\n"): (typeof documents)["\n  subscription Activity($after: String, $filter: ActivityStreamFilter) {\n    activity(after: $after, filter: $filter) { sequence verb subjectType agentId }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentChanged($agentId: ID) {\n    agentChanged(agentId: $agentId) { slug status currentVersion { semver } versions(first: 5) { totalCount } }\n  }\n"): (typeof documents)["\n  subscription AgentChanged($agentId: ID) {\n    agentChanged(agentId: $agentId) { slug status currentVersion { semver } versions(first: 5) { totalCount } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentBudgets($agentId: ID) { agentChanged(agentId: $agentId) { slug budgets(first: 1) { edges { node { name } } } } }\n"): (typeof documents)["\n  subscription AgentBudgets($agentId: ID) { agentChanged(agentId: $agentId) { slug budgets(first: 1) { edges { node { name } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateForLive($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on AgentPayload { agent { id } } } }\n"): (typeof documents)["\n  mutation CreateForLive($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on AgentPayload { agent { id } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameForLive($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation RenameForLive($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Evaluate($input: EvaluateActionInput!) {\n    evaluateAction(input: $input) {\n      __typename\n      ... on Decision { outcome reasons matchedPolicies { outcome reason policy { key } } }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation Evaluate($input: EvaluateActionInput!) {\n    evaluateAction(input: $input) {\n      __typename\n      ... on Decision { outcome reasons matchedPolicies { outcome reason policy { key } } }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Report($input: ReportActionInput!) {\n    reportAction(input: $input) {\n      __typename\n      ... on Decision { outcome violation { severity category status raisedByType policy { key } } }\n    }\n  }\n"): (typeof documents)["\n  mutation Report($input: ReportActionInput!) {\n    reportAction(input: $input) {\n      __typename\n      ... on Decision { outcome violation { severity category status raisedByType policy { key } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePolicy($input: CreatePolicyInput!) {\n    createPolicy(input: $input) {\n      __typename\n      ... on PolicyPayload { policy { id key kind enabled rules defaultSeverity } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePolicy($input: CreatePolicyInput!) {\n    createPolicy(input: $input) {\n      __typename\n      ... on PolicyPayload { policy { id key kind enabled rules defaultSeverity } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePolicy($input: UpdatePolicyInput!) {\n    updatePolicy(input: $input) {\n      __typename\n      ... on PolicyPayload { policy { name rules } }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePolicy($input: UpdatePolicyInput!) {\n    updatePolicy(input: $input) {\n      __typename\n      ... on PolicyPayload { policy { name rules } }\n      ... on ValidationError { issues { path } }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisablePolicy($input: DisablePolicyInput!) {\n    disablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }\n  }\n"): (typeof documents)["\n  mutation DisablePolicy($input: DisablePolicyInput!) {\n    disablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnablePolicy($input: EnablePolicyInput!) {\n    enablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }\n  }\n"): (typeof documents)["\n  mutation EnablePolicy($input: EnablePolicyInput!) {\n    enablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Policies($filter: PoliciesFilter) { policies(first: 50, filter: $filter) { edges { node { key kind enabled } } } }\n"): (typeof documents)["\n  query Policies($filter: PoliciesFilter) { policies(first: 50, filter: $filter) { edges { node { key kind enabled } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PolicyById($id: ID!) { policy(id: $id) { key } }"): (typeof documents)["query PolicyById($id: ID!) { policy(id: $id) { key } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Trust($id: ID!) {\n    agent(id: $id) {\n      status\n      trustScore { competence reliability honesty transparency overall tier causeVerb causeSequence explanation { kind ref dimension effect weight } }\n      trustHistory(first: 10) { totalCount edges { node { overall causeVerb } } }\n      currentVersion { trustScore { overall } }\n    }\n  }\n"): (typeof documents)["\n  query Trust($id: ID!) {\n    agent(id: $id) {\n      status\n      trustScore { competence reliability honesty transparency overall tier causeVerb causeSequence explanation { kind ref dimension effect weight } }\n      trustHistory(first: 10) { totalCount edges { node { overall causeVerb } } }\n      currentVersion { trustScore { overall } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RaiseForTrust($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename ... on ViolationPayload { violation { id } } } }\n"): (typeof documents)["\n  mutation RaiseForTrust($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename ... on ViolationPayload { violation { id } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AckForTrust($input: AcknowledgeViolationInput!) { acknowledgeViolation(input: $input) { __typename } }"): (typeof documents)["mutation AckForTrust($input: AcknowledgeViolationInput!) { acknowledgeViolation(input: $input) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResolveForTrust($input: ResolveViolationInput!) { resolveViolation(input: $input) { __typename } }"): (typeof documents)["mutation ResolveForTrust($input: ResolveViolationInput!) { resolveViolation(input: $input) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DismissForTrust($input: DismissViolationInput!) { dismissViolation(input: $input) { __typename } }"): (typeof documents)["mutation DismissForTrust($input: DismissViolationInput!) { dismissViolation(input: $input) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Attest($input: AddAttestationInput!) {\n    addAttestation(input: $input) { __typename ... on AttestationPayload { attestation { id score } } ... on ValidationError { issues { path } } ... on NotFoundError { message } }\n  }\n"): (typeof documents)["\n  mutation Attest($input: AddAttestationInput!) {\n    addAttestation(input: $input) { __typename ... on AttestationPayload { attestation { id score } } ... on ValidationError { issues { path } } ... on NotFoundError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeAttestation($input: RevokeAttestationInput!) { revokeAttestation(input: $input) { __typename } }"): (typeof documents)["mutation RevokeAttestation($input: RevokeAttestationInput!) { revokeAttestation(input: $input) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReportForTrust($input: ReportActionInput!) { reportAction(input: $input) { __typename ... on Decision { outcome } } }"): (typeof documents)["mutation ReportForTrust($input: ReportActionInput!) { reportAction(input: $input) { __typename ... on Decision { outcome } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Settings($input: UpdateTrustSettingsInput!) {\n    updateTrustSettings(input: $input) { __typename ... on TrustSettingsPayload { trustSettings } ... on ValidationError { issues { path } } }\n  }\n"): (typeof documents)["\n  mutation Settings($input: UpdateTrustSettingsInput!) {\n    updateTrustSettings(input: $input) { __typename ... on TrustSettingsPayload { trustSettings } ... on ValidationError { issues { path } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription Changed($agentId: ID) { trustScoreChanged(agentId: $agentId) { overall causeVerb } }"): (typeof documents)["subscription Changed($agentId: ID) { trustScoreChanged(agentId: $agentId) { overall causeVerb } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TrustNode($id: ID!) { node(id: $id) { id } }"): (typeof documents)["query TrustNode($id: ID!) { node(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrustDashboard($first: Int!) {\n    agents(first: $first) {\n      edges { node { trustScore { overall tier } openViolationCount violations(first: 5) { edges { node { severity } } } } }\n    }\n  }\n"): (typeof documents)["\n  query TrustDashboard($first: Int!) {\n    agents(first: $first) {\n      edges { node { trustScore { overall tier } openViolationCount violations(first: 5) { edges { node { severity } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Raise($input: RaiseViolationInput!) {\n    raiseViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { id severity category status raisedByType policy { key } version { semver } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation Raise($input: RaiseViolationInput!) {\n    raiseViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { id severity category status raisedByType policy { key } version { semver } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Acknowledge($input: AcknowledgeViolationInput!) {\n    acknowledgeViolation(input: $input) { __typename ... on ViolationPayload { violation { status acknowledgedAt } } ... on InvalidTransitionError { from to } }\n  }\n"): (typeof documents)["\n  mutation Acknowledge($input: AcknowledgeViolationInput!) {\n    acknowledgeViolation(input: $input) { __typename ... on ViolationPayload { violation { status acknowledgedAt } } ... on InvalidTransitionError { from to } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Resolve($input: ResolveViolationInput!) {\n    resolveViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { status resolutionNote resolvedAt } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path } }\n    }\n  }\n"): (typeof documents)["\n  mutation Resolve($input: ResolveViolationInput!) {\n    resolveViolation(input: $input) {\n      __typename\n      ... on ViolationPayload { violation { status resolutionNote resolvedAt } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Dismiss($input: DismissViolationInput!) {\n    dismissViolation(input: $input) { __typename ... on ViolationPayload { violation { status dismissalReason } } ... on InvalidTransitionError { from to } }\n  }\n"): (typeof documents)["\n  mutation Dismiss($input: DismissViolationInput!) {\n    dismissViolation(input: $input) { __typename ... on ViolationPayload { violation { status dismissalReason } } ... on InvalidTransitionError { from to } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Violations($filter: ViolationsFilter) { violations(first: 50, filter: $filter) { totalCount edges { node { description severity status } } } }\n"): (typeof documents)["\n  query Violations($filter: ViolationsFilter) { violations(first: 50, filter: $filter) { totalCount edges { node { description severity status } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ViolationById($id: ID!) { violation(id: $id) { id } }"): (typeof documents)["query ViolationById($id: ID!) { violation(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentViolations($id: ID!) { agent(id: $id) { openViolationCount violations(first: 10) { totalCount edges { node { description } } } } }\n"): (typeof documents)["\n  query AgentViolations($id: ID!) { agent(id: $id) { openViolationCount violations(first: 10) { totalCount edges { node { description } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Raised($filter: ViolationStreamFilter) { violationRaised(filter: $filter) { description severity agent { slug } } }\n"): (typeof documents)["\n  subscription Raised($filter: ViolationStreamFilter) { violationRaised(filter: $filter) { description severity agent { slug } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription Updated($filter: ViolationStreamFilter) { violationUpdated(filter: $filter) { description status } }"): (typeof documents)["subscription Updated($filter: ViolationStreamFilter) { violationUpdated(filter: $filter) { description status } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GovernanceDashboard($first: Int!) {\n    agents(first: $first) { edges { node { openViolationCount violations(first: 5) { edges { node { severity } } } } } }\n  }\n"): (typeof documents)["\n  query GovernanceDashboard($first: Int!) {\n    agents(first: $first) { edges { node { openViolationCount violations(first: 5) { edges { node { severity } } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OpenViolationCount($id: ID!) { agent(id: $id) { openViolationCount } }"): (typeof documents)["query OpenViolationCount($id: ID!) { agent(id: $id) { openViolationCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMember($input: AddMemberInput!) {\n    addMember(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id email role status } }\n      ... on ValidationError { issues { path } }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation AddMember($input: AddMemberInput!) {\n    addMember(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id email role status } }\n      ... on ValidationError { issues { path } }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { status } }\n      ... on NotFoundError { message }\n      ... on InvalidTransitionError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { status } }\n      ... on NotFoundError { message }\n      ... on InvalidTransitionError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineInvitation($input: DeclineInvitationInput!) {\n    declineInvitation(input: $input) { __typename ... on InvitationPayload { invitation { status } } }\n  }\n"): (typeof documents)["\n  mutation DeclineInvitation($input: DeclineInvitationInput!) {\n    declineInvitation(input: $input) { __typename ... on InvitationPayload { invitation { status } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyInvitations { viewer { invitations { id organizationName role } scopes } }"): (typeof documents)["query MyInvitations { viewer { invitations { id organizationName role } scopes } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeRole($input: ChangeMemberRoleInput!) {\n    changeMemberRole(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { role } }\n      ... on InvalidTransitionError { message }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeRole($input: ChangeMemberRoleInput!) {\n    changeMemberRole(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { role } }\n      ... on InvalidTransitionError { message }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on RemoveMemberPayload { removedMembershipId }\n      ... on InvalidTransitionError { message }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on RemoveMemberPayload { removedMembershipId }\n      ... on InvalidTransitionError { message }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { id status priority sandbox maxAttempts goal context { id } agent { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { id status priority sandbox maxAttempts goal context { id } agent { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartTask($input: StartTaskInput!) {\n    startTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { status attempts } }\n      ... on InvalidTransitionError { from to message }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation StartTask($input: StartTaskInput!) {\n    startTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { status attempts } }\n      ... on InvalidTransitionError { from to message }\n      ... on NotFoundError { message }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordStep($input: RecordTaskStepInput!) {\n    recordTaskStep(input: $input) {\n      __typename\n      ... on TaskPayload { task { steps(first: 20) { totalCount edges { node { position step status state attempt } } } } }\n      ... on InvalidTransitionError { from to message }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation RecordStep($input: RecordTaskStepInput!) {\n    recordTaskStep(input: $input) {\n      __typename\n      ... on TaskPayload { task { steps(first: 20) { totalCount edges { node { position step status state attempt } } } } }\n      ... on InvalidTransitionError { from to message }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteTask($input: CompleteTaskInput!) {\n    completeTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { status output cost } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteTask($input: CompleteTaskInput!) {\n    completeTask(input: $input) {\n      __typename\n      ... on TaskPayload { task { status output cost } }\n      ... on InvalidTransitionError { from to }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FailTask($input: FailTaskInput!) {\n    failTask(input: $input) { __typename ... on TaskPayload { task { status error } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }\n  }\n"): (typeof documents)["\n  mutation FailTask($input: FailTaskInput!) {\n    failTask(input: $input) { __typename ... on TaskPayload { task { status error } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelTask($input: CancelTaskInput!) {\n    cancelTask(input: $input) { __typename ... on TaskPayload { task { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n"): (typeof documents)["\n  mutation CancelTask($input: CancelTaskInput!) {\n    cancelTask(input: $input) { __typename ... on TaskPayload { task { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryTask($input: RetryTaskInput!) {\n    retryTask(input: $input) { __typename ... on TaskPayload { task { status attempts } } ... on InvalidTransitionError { from to message } }\n  }\n"): (typeof documents)["\n  mutation RetryTask($input: RetryTaskInput!) {\n    retryTask(input: $input) { __typename ... on TaskPayload { task { status attempts } } ... on InvalidTransitionError { from to message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetTask($id: ID!) { task(id: $id) { status goal steps(first: 10) { totalCount } } }\n"): (typeof documents)["\n  query GetTask($id: ID!) { task(id: $id) { status goal steps(first: 10) { totalCount } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListTasks($filter: TasksFilter) { tasks(first: 50, filter: $filter) { totalCount edges { node { id status } } } }\n"): (typeof documents)["\n  query ListTasks($filter: TasksFilter) { tasks(first: 50, filter: $filter) { totalCount edges { node { id status } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentTasks($id: ID!) { agent(id: $id) { tasks(first: 10) { totalCount } trustScore { reliability } } }\n"): (typeof documents)["\n  query AgentTasks($id: ID!) { agent(id: $id) { tasks(first: 10) { totalCount } trustScore { reliability } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TaskUpdated($filter: TaskStreamFilter, $after: String) { taskUpdated(filter: $filter, after: $after) { status attempts } }\n"): (typeof documents)["\n  subscription TaskUpdated($filter: TaskStreamFilter, $after: String) { taskUpdated(filter: $filter, after: $after) { status attempts } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TaskBudget($id: ID!) { budget(id: $id) { spent } }"): (typeof documents)["query TaskBudget($id: ID!) { budget(id: $id) { spent } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateContextForTasks($input: CreateContextInput!) {\n    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }\n  }\n"): (typeof documents)["\n  mutation CreateContextForTasks($input: CreateContextInput!) {\n    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ListAgents { agents(first: 100) { totalCount edges { node { id } } } }"): (typeof documents)["query ListAgents { agents(first: 100) { totalCount edges { node { id } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GetAgent($id: ID!) { agent(id: $id) { id } }"): (typeof documents)["query GetAgent($id: ID!) { agent(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GetBySlug($slug: String!) { agentBySlug(slug: $slug) { id } }"): (typeof documents)["query GetBySlug($slug: String!) { agentBySlug(slug: $slug) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GetNode($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }"): (typeof documents)["query GetNode($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GetVersion($id: ID!) { agentVersion(id: $id) { id } }"): (typeof documents)["query GetVersion($id: ID!) { agentVersion(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Rename($input: UpdateAgentInput!) {\n    updateAgent(input: $input) { __typename ... on NotFoundError { message code } }\n  }\n"): (typeof documents)["\n  mutation Rename($input: UpdateAgentInput!) {\n    updateAgent(input: $input) { __typename ... on NotFoundError { message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      __typename\n      ... on CustomerPayload { customer { id name email } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCustomer($input: CreateCustomerInput!) {\n    createCustomer(input: $input) {\n      __typename\n      ... on CustomerPayload { customer { id name email } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartTrial($input: StartTrialInput!) {\n    startTrial(input: $input) {\n      __typename\n      ... on TrialPayload { trial { id status daysRemaining expiresAt listing { name version } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation StartTrial($input: StartTrialInput!) {\n    startTrial(input: $input) {\n      __typename\n      ... on TrialPayload { trial { id status daysRemaining expiresAt listing { name version } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on NotFoundError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelTrial($input: CancelTrialInput!) {\n    cancelTrial(input: $input) { __typename ... on TrialPayload { trial { status cancelReason endedAt } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n"): (typeof documents)["\n  mutation CancelTrial($input: CancelTrialInput!) {\n    cancelTrial(input: $input) { __typename ... on TrialPayload { trial { status cancelReason endedAt } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvertTrial($input: ConvertTrialInput!) {\n    convertTrial(input: $input) { __typename ... on TrialPayload { trial { status planReference daysRemaining } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }\n  }\n"): (typeof documents)["\n  mutation ConvertTrial($input: ConvertTrialInput!) {\n    convertTrial(input: $input) { __typename ... on TrialPayload { trial { status planReference daysRemaining } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteTrial($input: CompleteTrialInput!) {\n    completeTrial(input: $input) { __typename ... on TrialPayload { trial { status } } ... on InvalidTransitionError { from to } }\n  }\n"): (typeof documents)["\n  mutation CompleteTrial($input: CompleteTrialInput!) {\n    completeTrial(input: $input) { __typename ... on TrialPayload { trial { status } } ... on InvalidTransitionError { from to } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExtendTrial($input: ExtendTrialInput!) {\n    extendTrial(input: $input) { __typename ... on TrialPayload { trial { daysRemaining } } ... on TrialNotActiveError { status } ... on ValidationError { issues { path } } }\n  }\n"): (typeof documents)["\n  mutation ExtendTrial($input: ExtendTrialInput!) {\n    extendTrial(input: $input) { __typename ... on TrialPayload { trial { daysRemaining } } ... on TrialNotActiveError { status } ... on ValidationError { issues { path } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExecuteTrialTask($input: ExecuteTrialTaskInput!) {\n    executeTrialTask(input: $input) {\n      __typename\n      ... on TrialTaskPayload { taskId taskStatus }\n      ... on TrialNotActiveError { status message }\n      ... on BudgetExceededError { message budgetId }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on PolicyDeniedError { reasons violationId }\n    }\n  }\n"): (typeof documents)["\n  mutation ExecuteTrialTask($input: ExecuteTrialTaskInput!) {\n    executeTrialTask(input: $input) {\n      __typename\n      ... on TrialTaskPayload { taskId taskStatus }\n      ... on TrialNotActiveError { status message }\n      ... on BudgetExceededError { message budgetId }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { message }\n      ... on PolicyDeniedError { reasons violationId }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddDeliverable($input: AddTrialDeliverableInput!) {\n    addTrialDeliverable(input: $input) {\n      __typename\n      ... on TrialDeliverablePayload { deliverable { id title } }\n      ... on TrialNotActiveError { status }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation AddDeliverable($input: AddTrialDeliverableInput!) {\n    addTrialDeliverable(input: $input) {\n      __typename\n      ... on TrialDeliverablePayload { deliverable { id title } }\n      ... on TrialNotActiveError { status }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetTrial($id: ID!) {\n    trial(id: $id) { status daysRemaining endedAt deliverables(first: 10) { totalCount edges { node { title content url } } } }\n  }\n"): (typeof documents)["\n  query GetTrial($id: ID!) {\n    trial(id: $id) { status daysRemaining endedAt deliverables(first: 10) { totalCount edges { node { title content url } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListTrials($filter: TrialsFilter) { trials(first: 50, filter: $filter) { totalCount edges { node { id status } } } }\n"): (typeof documents)["\n  query ListTrials($filter: TrialsFilter) { trials(first: 50, filter: $filter) { totalCount edges { node { id status } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Marketplace($filter: MarketplaceFilter) {\n    marketplaceAgents(first: 20, filter: $filter) { edges { node { id name version trustTier tags trialStats { started converted conversionRate } } } }\n  }\n"): (typeof documents)["\n  query Marketplace($filter: MarketplaceFilter) {\n    marketplaceAgents(first: 20, filter: $filter) { edges { node { id name version trustTier tags trialStats { started converted conversionRate } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomerView { agents(first: 5) { totalCount } }"): (typeof documents)["query CustomerView { agents(first: 5) { totalCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomersList { customers(first: 10) { totalCount } }"): (typeof documents)["query CustomersList { customers(first: 10) { totalCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartTrialTaskRun($input: StartTaskInput!) { startTask(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation StartTrialTaskRun($input: StartTaskInput!) { startTask(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteTrialTaskRun($input: CompleteTaskInput!) { completeTask(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation CompleteTrialTaskRun($input: CompleteTaskInput!) { completeTask(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TrialUpdated($filter: TrialStreamFilter, $after: String) { trialUpdated(filter: $filter, after: $after) { status } }\n"): (typeof documents)["\n  subscription TrialUpdated($filter: TrialStreamFilter, $after: String) { trialUpdated(filter: $filter, after: $after) { status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateVersion($input: CreateAgentVersionInput!) {\n    createAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { id semver status config { timeout } permissions { dataAccess } tools { name } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateVersion($input: CreateAgentVersionInput!) {\n    createAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { id semver status config { timeout } permissions { dataAccess } tools { name } } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateVersion($input: UpdateAgentVersionInput!) {\n    updateAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { changelog } }\n      ... on InvalidTransitionError { from to message }\n      ... on ValidationError { issues { path } }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateVersion($input: UpdateAgentVersionInput!) {\n    updateAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { changelog } }\n      ... on InvalidTransitionError { from to message }\n      ... on ValidationError { issues { path } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishVersion($input: PublishAgentVersionInput!) {\n    publishAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { status agent { status currentVersion { semver } } } }\n      ... on ConflictError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n"): (typeof documents)["\n  mutation PublishVersion($input: PublishAgentVersionInput!) {\n    publishAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { status agent { status currentVersion { semver } } } }\n      ... on ConflictError { message }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveVersion($input: ArchiveAgentVersionInput!) {\n    archiveAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { status agent { currentVersion { semver } } } }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveVersion($input: ArchiveAgentVersionInput!) {\n    archiveAgentVersion(input: $input) {\n      __typename\n      ... on AgentVersionPayload { version { status agent { currentVersion { semver } } } }\n      ... on InvalidTransitionError { from to }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentVersions($id: ID!) {\n    agent(id: $id) { status currentVersion { semver } versions(first: 10) { totalCount edges { node { semver status } } } }\n  }\n"): (typeof documents)["\n  query AgentVersions($id: ID!) {\n    agent(id: $id) { status currentVersion { semver } versions(first: 10) { totalCount edges { node { semver status } } } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;