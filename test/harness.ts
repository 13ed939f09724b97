// Each test file gets its own database, cloned from the migrated template, and the real server
// listening on a free port; requests go over HTTP like any client's.
import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { type App, startApp } from '../src/app.js';
import { connectPrisma, onQuery, prisma } from '../src/db/client.js';
import { databaseUrl } from '../src/db/embedded.js';
import { createLogger } from '../src/logger.js';

export interface GqlResult<T> {
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions: { code: string; requestId: string } & Record<string, unknown>;
  }[];
  status: number;
  headers: Headers;
}

export interface TestApi {
  url: string;
  app: App;
  databaseUrl: string;
  gql<T, V>(doc: TypedDocumentNode<T, V>, variables: V, token?: string | null): Promise<GqlResult<T>>;
  /** The data of a request that must not fail. */
  ok<T, V>(doc: TypedDocumentNode<T, V>, variables: V, token?: string | null): Promise<T>;
  /**
   * Runs `fn` and returns the SQL statements Prisma sent meanwhile, leaving out the one
   * rate-limit statement each operation costs (test/server/limits.test.ts counts that one).
   */
  statements(fn: () => Promise<unknown>): Promise<string[]>;
}

export function useTestApi(): TestApi {
  const name = `agg_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const serverUrl = inject('serverUrl');
  const api = { url: '', databaseUrl: databaseUrl(serverUrl, name) } as TestApi;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`);
    await admin.end();
    connectPrisma(api.databaseUrl);
    api.app = await startApp({
      databaseUrl: api.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    });
    api.url = api.app.url;
  });

  afterAll(async () => {
    await api.app?.close(1_000);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  api.gql = async (doc, variables, token) => {
    const res = await fetch(api.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    const body = (await res.json()) as Omit<GqlResult<never>, 'status' | 'headers'>;
    return { ...body, status: res.status, headers: res.headers } as never;
  };

  api.ok = async (doc, variables, token) => {
    const result = await api.gql(doc, variables, token);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL request failed: ${JSON.stringify(result.errors)}`);
    }
    return result.data;
  };

  api.statements = async (fn) => {
    const seen: string[] = [];
    const stop = onQuery((sql) => {
      if (!sql.includes('"RateLimitWindow"')) seen.push(sql);
    });
    try {
      await fn();
    } finally {
      stop();
    }
    return seen;
  };

  return api;
}

export { prisma };

/** Waits until `check` holds, polling every 20 ms; fails after `ms`. Returns how long it took. */
export async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<number> {
  const began = Date.now();
  while (!(await check())) {
    if (Date.now() - began > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - began;
}

/** Runs `sql` as a database superuser would: with the activity log's append-only trigger off. */
export async function asSuperuser(databaseUrl: string, sql: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE "ActivityEvent" DISABLE TRIGGER "ActivityEvent_append_only"');
    await client.query(sql, params);
    await client.query('ALTER TABLE "ActivityEvent" ENABLE TRIGGER "ActivityEvent_append_only"');
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** A raw GraphQL request (a query string, not a typed document), as any HTTP client sends it. */
export async function postGraphQL<
  Body = { data?: Record<string, Record<string, unknown>>; errors?: GqlResult<never>['errors'] },
>(
  url: string,
  query: string,
  variables?: unknown,
  token?: string | null,
): Promise<{ status: number; headers: Headers; body: Body }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
}
