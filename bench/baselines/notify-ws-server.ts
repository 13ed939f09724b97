// Baseline for subscription fan-out: the least a server can do — LISTEN, and write each
// notification's sequence number to every connected WebSocket. No GraphQL, no auth, no reads.
import { createServer } from 'node:http';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { ACTIVITY_CHANNEL, parseSignal } from '../../src/events/signals.js';

const { DATABASE_URL, PORT } = process.env;
const client = new pg.Client({ connectionString: DATABASE_URL });
await client.connect();
await client.query(`LISTEN ${ACTIVITY_CHANNEL}`);
const server = createServer();
const wss = new WebSocketServer({ server });
client.on('notification', (message) => {
  const signal = message.payload ? parseSignal(message.payload) : null;
  if (!signal) return;
  const text = String(signal.sequence);
  for (const socket of wss.clients) socket.send(text);
});
server.listen(Number(PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => process.exit(0));
