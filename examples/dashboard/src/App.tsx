// The dashboard: agents with trust tier and open violations, a live violation feed, a budget
// gauge that moves on budgetChanged, and a button that raises a violation. Every document is
// typed by the generated client (src/gql, from the API's schema.graphql).
import { useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from './gql';

const AgentsQuery = graphql(`
  query DashboardAgents {
    agents(first: 20, orderBy: { field: NAME }) {
      edges { node { id name status trustScore { tier overall } openViolationCount } }
    }
  }
`);

const RaiseViolation = graphql(`
  mutation RaiseViolation($input: RaiseViolationInput!) {
    raiseViolation(input: $input) {
      __typename
      ... on ViolationPayload { violation { id severity agent { id openViolationCount } } }
      ... on Error { message }
    }
  }
`);

const ViolationFeed = graphql(`
  subscription ViolationFeed {
    violationRaised { id severity category description agent { id name } }
  }
`);

const BudgetsQuery = graphql(`
  query DashboardBudgets {
    budgets(first: 1) { edges { node { id name limit spent reserved utilization currency } } }
  }
`);

const BudgetChanged = graphql(`
  subscription BudgetChanged {
    budgetChanged { id name limit spent reserved utilization currency }
  }
`);

function Agents() {
  const [{ data, error }] = useQuery({ query: AgentsQuery });
  const [raised, raise] = useMutation(RaiseViolation);
  if (error) return <p role="alert">{error.message}</p>;
  const agents = data?.agents.edges.map((e) => e.node) ?? [];
  return (
    <section>
      <h2>Agents</h2>
      <table>
        <thead>
          <tr>
            <th>Agent</th>
            <th>Status</th>
            <th>Trust</th>
            <th>Open violations</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.id} data-agent={a.name}>
              <td>{a.name}</td>
              <td>{a.status}</td>
              <td className="tier">{a.trustScore?.tier ?? '—'}</td>
              <td className="open">{a.openViolationCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {agents[0] && (
        <button
          type="button"
          disabled={raised.fetching}
          onClick={() =>
            raise({
              input: {
                agentId: agents[0]?.id as string,
                severity: 'HIGH',
                category: 'SAFETY',
                description: 'Raised from the dashboard',
              },
            })
          }
        >
          Raise a violation for {agents[0].name}
        </button>
      )}
    </section>
  );
}

function Feed() {
  const [{ data }] = useSubscription({ query: ViolationFeed }, (seen: string[] = [], next) => [
    `${next.violationRaised.severity} ${next.violationRaised.category} — ${next.violationRaised.agent.name}: ${next.violationRaised.description}`,
    ...seen,
  ]);
  return (
    <section>
      <h2>Live violations</h2>
      <ul className="feed">
        {(data ?? []).map((line, i) => (
          <li key={`${i}-${line}`}>{line}</li>
        ))}
      </ul>
    </section>
  );
}

function Gauge() {
  const [{ data }] = useQuery({ query: BudgetsQuery });
  // Each budgetChanged answer is normalized into the cache: the gauge below re-renders with it.
  useSubscription({ query: BudgetChanged });
  const budget = data?.budgets.edges[0]?.node;
  if (!budget) return <p>No budget.</p>;
  const percent = Math.round(budget.utilization * 100);
  return (
    <section>
      <h2>Budget: {budget.name}</h2>
      <meter min={0} max={100} value={percent} />
      <p className="utilization">
        {percent}% used — {budget.spent} spent, {budget.reserved} reserved of {budget.limit} {budget.currency}
      </p>
    </section>
  );
}

export function App() {
  const [started] = useState(() => new Date().toLocaleTimeString());
  return (
    <main>
      <h1>Agent governance</h1>
      <p>Live since {started}</p>
      <Agents />
      <Gauge />
      <Feed />
    </main>
  );
}
