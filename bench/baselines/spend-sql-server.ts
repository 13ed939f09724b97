// Baseline for B3: the same atomic check-and-reserve as authorizeSpend, as one hand-written SQL
// statement through `pg`, behind a minimal HTTP handler. No auth, no ledger, no events.
import { createServer } from 'node:http';
import pg from 'pg';

const { DATABASE_URL, PORT, BUDGET_ID, WINDOW_START } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
const RESERVE = `
  UPDATE "BudgetUsage" u SET reserved = u.reserved + $2
    FROM "Budget" b
   WHERE u."budgetId" = $1 AND b.id = u."budgetId" AND u."windowStart" = $3
     AND b."limit" - u.spent - u.reserved - $2 >= 0
  RETURNING (b."limit" - u.spent - u.reserved)::text AS remaining`;

createServer((req, res) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', async () => {
    try {
      const { amount } = JSON.parse(body) as { amount: string };
      // Prepared once per connection, as this API's statements are (DB_PREPARED_STATEMENTS).
      const r = await pool.query({ name: 'reserve', text: RESERVE, values: [BUDGET_ID, amount, WINDOW_START] });
      const row = r.rows[0] as { remaining: string } | undefined;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(row ? { outcome: 'ALLOWED', remaining: row.remaining } : { outcome: 'REJECTED' }));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}).listen(Number(PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => process.exit(0));
