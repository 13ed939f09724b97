// OpenTelemetry tracing, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test passes an
// exporter): a span per GraphQL operation (@envelop/opentelemetry) with the request id as an
// attribute, and under it Prisma's spans for every database call (@prisma/instrumentation).
// Spans go to the OTLP/HTTP endpoint in batches.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';
import { config } from '../config.js';
import type { RequestContext } from '../graphql/context.js';

let provider: NodeTracerProvider | null = null;
let sdk: typeof import('./tracing-sdk.js') | null = null;

/**
 * Starts tracing for this process (once), before the app starts: with `exporter` (tests: an
 * in-memory one, every span at once), else to OTEL_EXPORTER_OTLP_ENDPOINT when set. Resolves to
 * whether tracing is on.
 */
export async function startTracing(exporter?: SpanExporter): Promise<boolean> {
  if (provider) return true;
  const endpoint = config().OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!exporter && !endpoint) return false;
  // Loaded only now: with tracing off, none of OpenTelemetry is loaded.
  sdk ??= await import('./tracing-sdk.js');
  const { NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, OTLPTraceExporter, PrismaInstrumentation } = sdk;
  provider = new NodeTracerProvider({
    spanProcessors: [
      exporter
        ? new SimpleSpanProcessor(exporter)
        : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint?.replace(/\/$/, '')}/v1/traces` })),
    ],
  });
  provider.register();
  // Prisma's internal steps (serializing the result, compiling the query plan) are not recorded by
  // default: four spans per query would be two, for what the SQL span already tells.
  const prismaInstrumentation = new PrismaInstrumentation({ ignoreSpanTypes: config().OTEL_PRISMA_IGNORED_SPANS });
  prismaInstrumentation.setTracerProvider(provider);
  prismaInstrumentation.enable();
  return true;
}

/**
 * Flushes the spans not yet exported and stops, waiting at most 2 s: an endpoint that does not
 * answer loses the last spans rather than holding the process past its shutdown deadline.
 */
export async function stopTracing(): Promise<void> {
  const stopping = provider?.shutdown();
  provider = null;
  if (!stopping) return;
  const done = new AbortController();
  const deadline = sleep(2_000, undefined, { signal: done.signal, ref: false }).catch(() => {});
  await Promise.race([stopping, deadline]);
  done.abort();
}

/** The Yoga plugins that trace operations, when tracing is on. */
export function tracingPlugins(): Plugin[] {
  if (!provider || !sdk) return [];
  const { useOpenTelemetry, getCurrentOtelContext, trace } = sdk;
  return [
    useOpenTelemetry({ resolvers: false, variables: false, result: false }, provider, undefined, {
      'service.name': config().OTEL_SERVICE_NAME,
    }) as Plugin,
    {
      onExecute({ args }) {
        const span = trace.getSpan(getCurrentOtelContext(args.contextValue));
        span?.setAttribute('agg.request_id', (args.contextValue as unknown as RequestContext).requestId);
      },
    },
  ];
}
