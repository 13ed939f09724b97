// The urql client: HTTP for queries and mutations, graphql-ws for subscriptions, both with the
// bearer token; Graphcache normalizes by id, so a mutation's answer updates every list showing
// the same agent without a refetch.
import { cacheExchange } from '@urql/exchange-graphcache';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';

/** The API and token: ?api=…&token=… in the URL, else VITE_API_URL / VITE_TOKEN, else the local demo. */
export function settings() {
  const params = new URLSearchParams(window.location.search);
  return {
    api: params.get('api') ?? import.meta.env.VITE_API_URL ?? 'http://127.0.0.1:4000/graphql',
    token: params.get('token') ?? import.meta.env.VITE_TOKEN ?? '',
  };
}

export function makeClient({ api, token }: { api: string; token: string }) {
  const authorization = token ? `Bearer ${token}` : '';
  const ws = createWsClient({
    url: api.replace(/^http/, 'ws'),
    connectionParams: authorization ? { authorization } : {},
  });
  return new Client({
    url: api,
    fetchOptions: (): RequestInit => ({ headers: authorization ? { authorization } : ({} as Record<string, string>) }),
    exchanges: [
      cacheExchange({
        // Connections and edges have no id of their own: they live inside their parent.
        keys: new Proxy({}, { get: (_t, name) => (String(name).endsWith('Connection') || String(name).endsWith('Edge') ? () => null : undefined) }),
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
