// The limit for B1: the dashboard page as one hand-written SQL statement with JSON aggregation,
// behind a minimal HTTP handler using `pg`. Same rows, order and response shape as our
// `agents(first: 50)` query; no auth, no GraphQL.
import { createServer } from 'node:http';
import pg from 'pg';

const { DATABASE_URL, PORT, ORGANIZATION_ID } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
const PAGE = `
  SELECT json_build_object('data', json_build_object('agents', json_build_object('edges', coalesce(json_agg(
           json_build_object('node', json_build_object(
             'name', a.name,
             'status', a.status,
             'currentVersion', (SELECT json_build_object('semver', v.semver) FROM "AgentVersion" v WHERE v.id = a."currentVersionId"),
             'trustScore', (SELECT json_build_object('overall', t.overall) FROM "TrustScore" t WHERE t.id = a."currentTrustScoreId"),
             'openViolationCount', (SELECT count(*) FROM "Violation" x
                                     WHERE x."agentId" = a.id AND x.status IN ('OPEN', 'ACKNOWLEDGED')),
             'versions', json_build_object('edges', (
               SELECT coalesce(json_agg(json_build_object('node', json_build_object('semver', s.semver))
                                        ORDER BY s."createdAt" DESC, s.id DESC), '[]')
                 FROM (SELECT id, semver, "createdAt" FROM "AgentVersion" WHERE "agentId" = a.id
                        ORDER BY "createdAt" DESC, id DESC LIMIT 3) s))))
           ORDER BY a.name, a.id), '[]'))))::text AS body
    FROM (SELECT * FROM "Agent" WHERE "organizationId" = $1 ORDER BY name, id LIMIT $2) a`;

createServer((req, res) => {
  req.resume();
  req.on('end', async () => {
    try {
      const first = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('first') ?? 50);
      // Prepared once per connection, as this API's statements are (DB_PREPARED_STATEMENTS).
      const { rows } = await pool.query({ name: 'page', text: PAGE, values: [ORGANIZATION_ID, first] });
      res.writeHead(200, { 'content-type': 'application/json' }).end((rows[0] as { body: string }).body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}).listen(Number(PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => process.exit(0));
