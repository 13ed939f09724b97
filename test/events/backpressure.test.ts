// A subscriber that stops reading is disconnected (1013) once its socket holds more than
// WEBSOCKET_MAX_BUFFERED_BYTES unsent, lowered here; the other subscribers are not held back.
process.env.WEBSOCKET_MAX_BUFFERED_BYTES = String(256 * 1024);

import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { updateAgent } from '../../src/modules/agents/agents.service.js';
import { graphql } from '../gql/index.js';
import { until, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const Changed = graphql(`
  subscription ChangedForBackpressure($agentId: ID) { agentChanged(agentId: $agentId) { slug } }
`);

describe('WebSocket backpressure', () => {
  it('closes a connection whose client stops reading (1013) instead of buffering without bound; others keep receiving', async () => {
    const t = await newTenant();
    const agent = await t.agent({ slug: 'large' });
    await updateAgent(t.caller, agent.id, { description: 'x'.repeat(5000) }, undefined);
    const agentId = encodeGlobalId('Agent', agent.id);
    const healthy = await subscribeWs(api.url, Changed, { agentId }, t.ownerKey);

    // Twenty operations on one connection, each result about 100 KB (20 aliases of 5,000 characters).
    const socket = new WebSocket(api.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const acked = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        if (JSON.parse(data.toString()).type === 'connection_ack') resolve();
      }),
    );
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${t.ownerKey}` } }));
    await acked;
    const fields = Array.from({ length: 20 }, (_, i) => `a${i}: description`).join(' ');
    const query = `subscription($agentId: ID) { agentChanged(agentId: $agentId) { ${fields} } }`;
    for (let i = 0; i < 20; i++)
      socket.send(JSON.stringify({ id: `op${i}`, type: 'subscribe', payload: { query, variables: { agentId } } }));
    await new Promise((r) => setTimeout(r, 300));
    let closedWith: number | null = null;
    socket.on('close', (code) => {
      closedWith = code;
    });
    // The client stops reading: what the server sends piles up in the kernel, then in the server.
    const tcp = (socket as unknown as { _socket: Socket })._socket;
    tcp.pause();
    try {
      for (let i = 0; i < 12; i++) await updateAgent(t.caller, agent.id, { name: `large ${i}` }, undefined);
      // The healthy subscriber got every change meanwhile.
      expect(await healthy.waitFor(12)).toHaveLength(12);
      // Reading again, the client finds the connection closed by the server with 1013.
      tcp.resume();
      await until(() => closedWith !== null, 20_000);
      expect(closedWith).toBe(1013);
    } finally {
      socket.terminate();
      await healthy.close();
    }
  });
});
