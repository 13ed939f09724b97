// The OpenTelemetry packages tracing uses, in one module that src/observability/tracing.ts loads
// only when tracing is on (about 0.2 s of module loading at every start otherwise). Static
// imports here, so the bundle of `npm start` gives the CommonJS ones their named exports.
import { getCurrentOtelContext, useOpenTelemetry } from '@envelop/opentelemetry';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';

export {
  BatchSpanProcessor,
  getCurrentOtelContext,
  NodeTracerProvider,
  OTLPTraceExporter,
  PrismaInstrumentation,
  SimpleSpanProcessor,
  trace,
  useOpenTelemetry,
};
