// PostGraphile 5 (amber preset) over the benchmark database, for B1. Run by bench/dashboard.ts
// with Node 22 from the npm `node@22` package, from a scratch folder where both are installed
// (PostGraphile is not a dependency of this project). Index behaviours are off, so that every
// column can be ordered and filtered as our API allows.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const port = Number(process.env.PORT);
const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [
    makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: 10 } }),
  ],
  grafserv: { port, graphqlPath: '/graphql', watch: false },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server);
server.listen(port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => {
  server.close();
  pgl.release().then(() => process.exit(0));
});
