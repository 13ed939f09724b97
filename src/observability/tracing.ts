// OpenTelemetry tracing, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test passes an
// exporter): a span per GraphQL operation (@envelop/opentelemetry) with the request id as an
// attribute, and under it Prisma's spans for every database call (@prisma/instrumentation).
// Spans go to the OTLP/HTTP endpoint in batches.
import { getCurrentOtelContext, useOpenTelemetry } from '@envelop/opentelemetry';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import type { Plugin } from 'graphql-yoga';
import { config } from '../config.js';
import type { RequestContext } from '../graphql/context.js';

let provider: NodeTracerProvider | null = null;

/**
 * Starts tracing for this process (once): with `exporter` (tests: an in-memory one, every span
 * at once), else to OTEL_EXPORTER_OTLP_ENDPOINT when set. Returns whether tracing is on.
 */
export function startTracing(exporter?: SpanExporter): boolean {
  if (provider) return true;
  const endpoint = config().OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!exporter && !endpoint) return false;
  provider = new NodeTracerProvider({
    spanProcessors: [
      exporter
        ? new SimpleSpanProcessor(exporter)
        : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint?.replace(/\/$/, '')}/v1/traces` })),
    ],
  });
  provider.register();
  const prismaInstrumentation = new PrismaInstrumentation();
  prismaInstrumentation.setTracerProvider(provider);
  prismaInstrumentation.enable();
  return true;
}

export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
  provider = null;
}

/** The Yoga plugins that trace operations, when tracing is on. */
export function tracingPlugins(): Plugin[] {
  if (!provider) return [];
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
