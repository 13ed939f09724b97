// B5's subscribers (bench/scale-out.ts). `subscribe` is one graphql-ws subscriber to an
// organization's `agent.updated` activity, recording each event's commit → delivery latency.
// Run as a child of scale-out.ts (SCALE_CLIENT set), this file holds one server process's
// fan-out subscribers in a process of their own, so that 4 × 5,000 sockets do not have to fit
// one process's file limit: it connects them, says `ready`, answers `collect` with what arrived,
// and closes them on `close`.
import type WebSocket from 'ws';
import { openSubscriber } from './lib.js';

/** Receipt time − occurredAt, per organization and sequence, per subscriber. */
export type Arrivals = Map<string, number[]>;
export const keyOf = (organization: number, sequence: number) => `${organization}:${sequence}`;

export function subscribe(
  port: number,
  secret: string,
  organization: number,
  arrivals: Arrivals,
  from: string,
): Promise<WebSocket> {
  return openSubscriber({
    port,
    secret,
    from,
    query: 'subscription { activity(filter: { verbs: ["agent.updated"] }) { sequence occurredAt } }',
    onData: (data) => {
      const received = Date.now();
      const event = data.activity as { sequence: number; occurredAt: string } | undefined;
      if (!event) return;
      const key = keyOf(organization, event.sequence);
      (arrivals.get(key) ?? arrivals.set(key, []).get(key))?.push(received - Date.parse(event.occurredAt));
    },
  });
}

/** `count` subscribers on `port`, subscriber j to organization j mod secrets.length, 250 at a time. */
export async function subscribeMany(port: number, secrets: string[], count: number, arrivals: Arrivals, from: string) {
  const sockets: WebSocket[] = [];
  for (let j = 0; j < count; j += 250)
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(250, count - j) }, (_, k) =>
          subscribe(port, secrets[(j + k) % secrets.length] as string, (j + k) % secrets.length, arrivals, from),
        ),
      )),
    );
  return sockets;
}

if (process.env.SCALE_CLIENT && process.send) {
  const { port, secrets, count, from } = JSON.parse(process.env.SCALE_CLIENT) as {
    port: number;
    secrets: string[];
    count: number;
    from: string;
  };
  const arrivals: Arrivals = new Map();
  const sockets = await subscribeMany(port, secrets, count, arrivals, from);
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'collect') process.send?.({ type: 'arrivals', arrivals: [...arrivals] });
    else if (message.type === 'close') {
      await Promise.all(sockets.map((s) => new Promise((resolve) => s.once('close', resolve).close())));
      process.exit(0);
    }
  });
  process.send({ type: 'ready' });
}
