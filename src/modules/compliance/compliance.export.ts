// GET /export/compliance/<report ID>.csv: a report's findings — one row per failed check, with
// the report's scores in the first rows — for the caller's organization (audit:read), streamed in
// keyset batches. A report of another organization is 404 like a missing one.
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { prisma } from '../../db/client.js';
import { fail, openExport } from '../../events/export.js';
import type { ComplianceFinding } from '../../generated/prisma/client.js';
import { decodeGlobalId, encodeGlobalId, idFor } from '../../graphql/global-id.js';

const BATCH = 1_000;
const COLUMNS = ['kind', 'entityType', 'entityId', 'agentId', 'principle', 'checks', 'passed', 'score', 'reason'];

export async function exportComplianceReport(
  req: IncomingMessage,
  res: ServerResponse,
  reportGlobalId: string,
  options: { corsOrigins: string[]; requestId: string },
) {
  const viewer = await openExport(req, res, options);
  if (!viewer) return;
  let id: string | null;
  try {
    id = idFor('ComplianceReport', decodeGlobalId(reportGlobalId));
  } catch (error) {
    return fail(res, 400, 'BAD_USER_INPUT', (error as Error).message);
  }
  const report = id
    ? await prisma.complianceReport.findFirst({ where: { id, organizationId: viewer.organizationId } })
    : null;
  if (!report) return fail(res, 404, 'NOT_FOUND', 'No compliance report with this ID.');
  if (report.status !== 'COMPLETED')
    return fail(res, 409, 'CONFLICT', `The report is ${report.status}; only COMPLETED reports are exported.`);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="compliance-${reportGlobalId}.csv"`,
  });
  const score = (kind: string, key: Record<string, string>, t: { checks: number; passed: number; score: number }) => ({
    kind,
    ...key,
    checks: t.checks,
    passed: t.passed,
    score: t.score,
  });
  const summary = [
    score('overall', {}, { checks: report.checks, passed: report.passed, score: report.overallScore ?? 0 }),
    ...(report.byEntityType as { entityType: string; checks: number; passed: number; score: number }[]).map((e) =>
      score('entityType', { entityType: e.entityType }, e),
    ),
    ...(report.byPrinciple as { principle: string; checks: number; passed: number; score: number }[]).map((p) =>
      score('principle', { principle: p.principle }, p),
    ),
  ];
  res.write(stringify(summary, { header: true, columns: COLUMNS }));
  let after: string | null = null;
  for (;;) {
    const findings: ComplianceFinding[] = await prisma.complianceFinding.findMany({
      where: { reportId: report.id, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    if (findings.length === 0) break;
    const rows = findings.map((f) => ({
      kind: 'finding',
      entityType: f.entityType,
      entityId: encodeGlobalId(f.entityType, f.entityId),
      agentId: encodeGlobalId('Agent', f.agentId),
      principle: f.principle,
      reason: f.reason,
    }));
    if (!res.write(stringify(rows, { columns: COLUMNS }))) await once(res, 'drain');
    after = findings[findings.length - 1]?.id ?? after;
    if (findings.length < BATCH || res.destroyed) break;
  }
  res.end();
}
