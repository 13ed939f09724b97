// GraphiQL, served from the server's own dependencies (@graphql-yoga/render-graphiql inlines the
// whole editor into the page): it works offline. It opens on tabs of the README's operations —
// the dashboard, a mutation, a live feed — and, on a loopback client of the embedded default,
// with the demo key in its headers. Subscriptions run over SSE, which carries those headers.
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * The page. @graphql-yoga/render-graphiql (8.8 MB: the editor inlined) is loaded on the first
 * request for it, not parsed at every start (B4).
 */
export async function renderGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL: render } = await import('@graphql-yoga/render-graphiql');
  return render(options);
}

const DASHBOARD = `# The dashboard: agents with their version, trust and open violations.
query Dashboard {
  viewer { organization { name } role }
  agents(first: 10, orderBy: { field: NAME }) {
    totalCount
    edges {
      node {
        id slug name status
        currentVersion { semver }
        trustScore { overall tier }
        openViolationCount
      }
    }
  }
}
`;

const EVALUATE = `# Ask the policy decision point. Put an agent's id (from the Dashboard tab) in the variables.
mutation Evaluate($agentId: ID!) {
  evaluateAction(input: { agentId: $agentId, action: "email.send", scopes: ["email:send"], estimatedCost: "7.50", resource: "prod://crm" }) {
    ... on Decision { outcome reasons approvalRequest { id status expiresAt } }
    ... on Error { code message }
  }
}
`;

const FEED = `# A live feed: run it, then raise a violation from another tab.
subscription Violations {
  violationRaised { severity category description agent { name } raisedAt }
}
`;

export function graphiqlOptions(apiKey: string | null): GraphiQLOptions {
  const headers = apiKey ? JSON.stringify({ Authorization: `Bearer ${apiKey}` }) : undefined;
  return {
    title: 'Agent Governance Graph',
    subscriptionsProtocol: 'SSE',
    ...(headers ? { headers, defaultHeaders: headers } : {}),
    defaultTabs: [
      { query: DASHBOARD, headers: headers ?? null },
      { query: EVALUATE, variables: '{ "agentId": "" }', headers: headers ?? null },
      { query: FEED, headers: headers ?? null },
    ],
  };
}
