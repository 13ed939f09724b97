// Prisma's schema engine compiled to WebAssembly: migrations without the native binary, which
// cannot be downloaded on machines that reach only the npm registry
// (see ../shared/notes/toolchain-facts.md). Migrations stay in Prisma's own format, and the
// engine records them in `_prisma_migrations`, so `prisma migrate deploy` agrees wherever the
// native engine exists.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine, SchemaFilter, SchemasContainer } from '@prisma/schema-engine-wasm';
import type pg from 'pg';

export const migrationsDir = path.resolve('prisma/migrations');
export const schemaPath = path.resolve('prisma/schema.prisma');
export const noFilters: SchemaFilter = { externalTables: [], externalEnums: [] };

const require = createRequire(import.meta.url);

// The package entry imports the .wasm file as an ES module, which Node 20 refuses, so the
// module is instantiated by hand the way its generated glue expects.
// The engine reports Rust panics through this global before throwing a RuntimeError.
const panics = {
  message: '',
  set_message(message: string) {
    this.message = message;
  },
};
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panics }).PRISMA_WASM_PANIC_REGISTRY = panics;

async function loadEngineModule() {
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = require
    .resolve('@prisma/schema-engine-wasm/schema_engine_bg')
    .replace(/schema_engine_bg\.js$/, 'schema_engine_bg.wasm');
  // Node's global WebAssembly; its types live in lib.dom, which this project does not load.
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const { instance } = await wasm.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

let engineModule: ReturnType<typeof loadEngineModule> | undefined;

// The engine reads PostgreSQL's catalogs, which use the internal `"char"` type (OID 18).
// @prisma/adapter-pg 7.10 cannot deserialize it, though the engine expects a Character column.
// The adapter's raw results are patched: such columns pass through as text, then are typed
// Character. Only the engine's own adapter is patched.
const CHAR_OID = 18;
const TEXT_OID = 25;
const CHARACTER_COLUMN = ColumnTypeEnum.Character;

interface RawQueryable {
  executeScript?(script: string): Promise<void>;
  underlyingDriver?(): { query(sql: string): Promise<unknown> };
  performIO(query: object): Promise<pg.QueryResult>;
  queryRaw(query: object): Promise<{ columnTypes: number[] }>;
  startTransaction?(...args: unknown[]): Promise<RawQueryable>;
}

function patchCharColumns<T extends RawQueryable>(queryable: T): T {
  const charColumns = new WeakMap<object, number[]>();
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const indexes: number[] = [];
    result?.fields?.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        indexes.push(i);
      }
    });
    if (indexes.length) charColumns.set(query, indexes);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = CHARACTER_COLUMN;
    return result;
  };
  // adapter-pg splits scripts on every `;`, which breaks function bodies ($$ … ; … $$) in
  // hand-written migration SQL. PostgreSQL's simple query protocol runs the whole script as is,
  // as Prisma's native engine does.
  if (queryable.executeScript && queryable.underlyingDriver) {
    const driver = queryable.underlyingDriver();
    queryable.executeScript = async (script) => {
      await driver.query(script);
    };
  }
  if (queryable.startTransaction) {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => patchCharColumns(await startTransaction(...args));
  }
  return queryable;
}

function catalogSafeFactory(databaseUrl: string) {
  const factory = new PrismaPg({ connectionString: databaseUrl, max: 2 });
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  // Freeing the engine does not end the adapters' pools; we do, or the database stays in use.
  const opened: { dispose(): Promise<void> }[] = [];
  const track = <T extends { dispose(): Promise<void> }>(adapter: T) => {
    opened.push(adapter);
    return adapter;
  };
  factory.connect = async () => track(patchCharColumns((await connect()) as never));
  factory.connectToShadowDb = async () => track(patchCharColumns((await connectToShadowDb()) as never));
  return {
    factory: bindMigrationAwareSqlAdapterFactory(factory),
    disposeAll: () => Promise.all(opened.map((a) => a.dispose())),
  };
}

export async function openSchemaEngine(databaseUrl: string): Promise<{
  engine: SchemaEngine;
  close: () => Promise<void>;
}> {
  engineModule ??= loadEngineModule();
  const mod = await engineModule;
  const { factory, disposeAll } = catalogSafeFactory(databaseUrl);
  const logs: string[] = [];
  const engine = await mod.SchemaEngine.new(
    { datamodels: [[schemaPath, await readFile(schemaPath, 'utf8')]] },
    (message: string) => logs.push(message),
    factory,
  );
  return {
    engine: withPanicMessages(engine),
    close: async () => {
      engine.free();
      await disposeAll();
    },
  };
}

export async function readSchema(): Promise<SchemasContainer> {
  return { files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] };
}

export async function readMigrations(): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: await readFile(lockPath, 'utf8').catch(() => null),
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => {
        const file = path.join(migrationsDir, dir, 'migration.sql');
        const content = await readFile(file, 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        );
        return { path: dir, migrationFile: { path: 'migration.sql', content } };
      }),
    ),
  };
}

/** Calls into the engine that throw after a Rust panic carry the panic's message. */
function withPanicMessages(engine: SchemaEngine): SchemaEngine {
  return new Proxy(engine, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        panics.message = '';
        try {
          return await value.apply(target, args);
        } catch (error) {
          if (panics.message) throw new Error(`Prisma schema engine panicked: ${panics.message}`);
          throw error;
        }
      };
    },
  });
}
