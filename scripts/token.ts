// npm run token -- --role GOVERNOR [--url http://127.0.0.1:4000/graphql] [--minutes 60]
// Prints a short-lived JWT for a member of the demo organization with that role, for a React app
// in development (instead of shipping an all-scope API key). Run it while `npm start` serves the
// embedded demo: it finds the member through the API with the demo key (DATA_DIR/demo-api-key)
// and signs with JWT_SECRET, or with the embedded demo's development secret
// (DATA_DIR/dev-jwt-secret). The claims are the global IDs the API shows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { config } from '../src/config.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'GOVERNOR' },
    url: { type: 'string' },
    minutes: { type: 'string', default: '60' },
  },
});
const cfg = config();
const url = values.url ?? `http://127.0.0.1:${cfg.PORT}/graphql`;
const read = (file: string) => {
  try {
    return readFileSync(path.join(cfg.DATA_DIR, file), 'utf8').trim();
  } catch {
    return '';
  }
};
const secret = cfg.JWT_SECRET ?? read('dev-jwt-secret');
const key = read('demo-api-key');
const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};
if (!secret)
  fail(
    `No signing secret: set JWT_SECRET, or start the embedded demo once (it writes ${cfg.DATA_DIR}/dev-jwt-secret).`,
  );
if (!key) fail(`No demo key in ${cfg.DATA_DIR}/demo-api-key: start the embedded demo (npm start) first.`);
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0 || minutes * 60 > cfg.JWT_MAX_LIFETIME_SECONDS)
  fail(`--minutes must be between 1 and ${cfg.JWT_MAX_LIFETIME_SECONDS / 60} (JWT_MAX_LIFETIME_SECONDS)`);

const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  body: JSON.stringify({
    query: '{ viewer { organization { id name members(first: 100) { edges { node { role user { id email } } } } } } }',
  }),
}).catch((error: Error) => fail(`Cannot reach ${url} (${error.message}): is the server running?`));
const body = (await response.json()) as {
  data?: {
    viewer: {
      organization: {
        id: string;
        name: string;
        members: { edges: { node: { role: string; user: { id: string; email: string } } }[] };
      };
    };
  };
  errors?: { message: string }[];
};
if (!body.data) fail(`The server refused: ${JSON.stringify(body.errors)}`);
const organization = body.data?.viewer.organization;
const member = organization?.members.edges.map((e) => e.node).find((m) => m.role === values.role?.toUpperCase());
if (!organization || !member) fail(`No ${values.role} member in the demo organization.`);
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({ org: organization?.id })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(member?.user.id as string)
  .setIssuedAt(now)
  .setExpirationTime(now + minutes * 60)
  .sign(new TextEncoder().encode(secret));
console.error(`${member?.user.email} (${member?.role}) in ${organization?.name}, valid ${minutes} min:`);
console.log(token);
