// `npm start`: the server compiled ahead of time. The TypeScript sources are bundled once by
// esbuild into dist/server.mjs (packages stay in node_modules) and started with plain Node, so
// a start does not compile every module through tsx. The bundle is rebuilt when it is missing
// or older than any file under src/ or package-lock.json (about a second), so an edit is
// never started stale. Plain JavaScript: it runs before anything is compiled. Stack traces
// name the bundle's lines; NODE_OPTIONS=--enable-source-maps maps them back to src/ (at a
// cost at start).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const OUT = 'dist/server.mjs';

async function newest(dir) {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? await newest(file) : (await stat(file)).mtimeMs);
  }
  return latest;
}

const built = await stat(OUT).then(
  (s) => s.mtimeMs,
  () => 0,
);
const sources = Math.max(await newest('src'), (await stat('package-lock.json')).mtimeMs);
if (built <= sources) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: ['src/server.ts'],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}
await import(pathToFileURL(path.resolve(OUT)).href);
