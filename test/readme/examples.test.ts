// Every GraphQL example in the README, as a new user would try it (issue 17 §1): each operation
// is validated against the schema, and every query and mutation runs, in README order, on a
// freshly seeded demo organization. Placeholders ("<agent>", "<ctx>", "…") are filled with the
// demo's agents and with the IDs earlier examples returned. A mutation must answer its success
// branch (not an error type, not a branch the example did not select); subscriptions are
// validated only.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { type OperationDefinitionNode, parse, print, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { schema } from '../../src/graphql/schema.js';
import { newWebhookSecret, signedHeaders } from '../../src/modules/webhooks/webhook-signature.js';
import { postGraphQL, prisma, until, useTestApi } from '../harness.js';
import { newTenant, signJwt } from '../seed.js';

const api = useTestApi();

interface Example {
  block: number;
  line: number;
  operation: OperationDefinitionNode;
}

function examples(): Example[] {
  const lines = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n');
  const found: Example[] = [];
  let block: string[] | null = null;
  let start = 0;
  let count = 0;
  lines.forEach((line, i) => {
    if (block === null && line.trim() === '```graphql') {
      block = [];
      start = i + 2;
      count++;
    } else if (block !== null && line.trim() === '```') {
      const document = parse(block.join('\n'));
      for (const definition of document.definitions)
        found.push({ block: count, line: start, operation: definition as OperationDefinitionNode });
      block = null;
    } else if (block !== null) block.push(line);
  });
  return found;
}

const all = examples();

/** The `n`-th fenced block of `language` in the README. */
function block(language: string, n = 0): string {
  const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const found = [...text.matchAll(new RegExp(`\`\`\`${language}\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] ?? '');
  if (!found[n]) throw new Error(`README has no ${language} block #${n}`);
  return found[n];
}

/** Runs README code as a user would (a module beside our node_modules); returns the process. */
function runSnippet(code: string, env: Record<string, string> = {}) {
  const dir = path.resolve('node_modules/.cache/readme-snippets');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `snippet-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  const child = spawn(process.execPath, [file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  return { child, output: () => output };
}

describe('README examples', () => {
  it('the README has GraphQL examples, and every operation in them is valid against the schema', () => {
    expect(all.length).toBeGreaterThan(25);
    const invalid = all.flatMap(({ line, operation }) =>
      validate(schema, { kind: 'Document', definitions: [operation] } as never).map(
        (e) => `README line ~${line}: ${e.message}\n${print(operation)}`,
      ),
    );
    expect(invalid).toEqual([]);
  });

  describe('run on a freshly seeded demo organization', () => {
    const ids: Record<string, string> = {};
    const keys: Record<string, string> = {};
    beforeAll(async () => {
      const { seedDemo } = await import('../../src/seed/demo.js');
      const { apiKey, organizationId } = await seedDemo();
      keys.demo = apiKey;
      const agent = (slug: string) => prisma.agent.findFirstOrThrow({ where: { organizationId, slug } });
      const assistant = await agent('support-assistant');
      const parser = await agent('invoice-parser');
      const auditor = await agent('compliance-auditor');
      // The context example's researcher is the demo's invoice-parser, reactivated first.
      await run(
        `mutation { reactivateAgent(input: { agentId: "${encodeGlobalId('Agent', parser.id)}", reason: "README examples" }) { __typename } }`,
        apiKey,
      );
      ids['…'] = encodeGlobalId('Agent', assistant.id);
      ids['<agent>'] = ids['…'];
      ids['<planner>'] = ids['…'];
      ids['<researcher>'] = encodeGlobalId('Agent', parser.id);
      ids['<auditor>'] = encodeGlobalId('Agent', auditor.id);
      ids['<version>'] = encodeGlobalId('AgentVersion', assistant.currentVersionId as string);
      const agentKey = async (agentId: string) => {
        const created = await run(
          `mutation { createApiKey(input: { name: "README agent key", agentId: "${encodeGlobalId('Agent', agentId)}",
             scopes: ["actions:evaluate", "approvals:read", "policies:read", "tasks:run", "tasks:read", "contexts:post", "contexts:read"] }) {
             ... on CreateApiKeyPayload { secret } } }`,
          apiKey,
        );
        return (created.data?.createApiKey as { secret: string }).secret;
      };
      keys.assistant = await agentKey(assistant.id);
      // Certification is decided by someone who did not submit: the demo's governor, by JWT.
      const grace = await prisma.user.findFirstOrThrow({ where: { email: 'grace@acme.example' } });
      keys.governor = await signJwt({ sub: grace.id, org: organizationId });
      keys.researcher = await agentKey(parser.id);
    });

    const run = async (query: string, token: string) => {
      const r = await postGraphQL<{ data?: Record<string, unknown>; errors?: unknown[] }>(api.url, query, {}, token);
      return r.body;
    };

    /** Who runs an operation: the agent's own key where the README says so, else the demo key. */
    const tokenFor = (root: string) =>
      ['certifySkill', 'certifyJobRole', 'grantInstallation'].includes(root)
        ? keys.governor
        : ['startTask', 'recordTaskStep', 'completeTask'].includes(root)
          ? keys.researcher
          : root === 'evaluateAction'
            ? keys.assistant
            : keys.demo;

    /** IDs that later examples name, from what earlier ones returned. */
    const remember = (root: string, value: Record<string, unknown>) => {
      const at = (path: string[]) => path.reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], value);
      const put = (placeholder: string, id: unknown) => {
        if (typeof id === 'string') ids[placeholder] = id;
      };
      if (root === 'createContext') put('<ctx>', at(['context', 'id']));
      if (root === 'createTask') put('<task>', at(['task', 'id']));
      if (root === 'executeTrialTask') put('<task>', at(['taskId']));
      if (root === 'createCustomer') put('<customer>', at(['customer', 'id']));
      if (root === 'startTrial') put('<trial>', at(['trial', 'id']));
      if (root === 'evaluateAction') put('<request>', at(['approvalRequest', 'id']));
      if (root === 'postContextMessage') put('<that message>', at(['contextMessage', 'id']));
      if (root === 'authorizeSpend') put('<reservation>', at(['reservation', 'id']));
      if (root === 'createSkill') put('<skill>', at(['skill', 'id']));
      if (root === 'installAgentVersion') put('<installation>', at(['installation', 'id']));
      if (root === 'createJobRole') put('<job role>', at(['jobRole', 'id']));
    };

    it('every query and mutation answers without errors, and every mutation with its success branch', async () => {
      const failures: string[] = [];
      const answers: { root: string; value: unknown }[] = [];
      for (const { line, operation } of all) {
        if (operation.operation === 'subscription') continue;
        const root = (operation.selectionSet.selections[0] as { name: { value: string } }).name.value;
        let text = print(operation);
        // Ask for the type of whatever answers, so a failure can say which branch it was.
        if (operation.operation === 'mutation')
          text = text.replace(/\{\s*\.\.\. on/, '{ __typename ... on Error { message } ... on');
        for (const [placeholder, id] of Object.entries(ids)) text = text.replaceAll(`"${placeholder}"`, `"${id}"`);
        const body = await run(text, tokenFor(root) as string);
        const value = body.data?.[root] as Record<string, unknown> | null | undefined;
        const typename = (value as { __typename?: string } | null)?.__typename;
        if (body.errors) failures.push(`line ~${line} ${root}: ${JSON.stringify(body.errors)}`);
        else if (operation.operation === 'mutation' && (!value || Object.keys(value).length === 0))
          failures.push(
            `line ~${line} ${root}: answered a branch the example does not select: ${JSON.stringify(value)}`,
          );
        else if (typename?.endsWith('Error')) failures.push(`line ~${line} ${root}: ${JSON.stringify(value)}`);
        else if (value && typeof value === 'object') remember(root, value);
        answers.push({ root, value });
      }
      expect(failures).toEqual([]);
      // What the README says the examples answer.
      const of = (root: string) =>
        answers.filter((a) => a.root === root).map((a) => a.value as Record<string, unknown>);
      expect(of('postContextMessage')[0]).toMatchObject({
        contextMessage: { blocked: false, decision: { outcome: 'ALLOW' } },
      });
      const [governance, asked, proceeded] = of('evaluateAction');
      expect(governance).toMatchObject({
        outcome: 'REQUIRES_APPROVAL',
        reasons: ['L1-02: resource matches ^prod://', 'L2-01: estimated cost 7.50 is above 5.00'],
      });
      expect(asked).toMatchObject({ outcome: 'REQUIRES_APPROVAL', approvalRequest: { status: 'PENDING' } });
      expect(of('decideApprovalRequest')[0]).toMatchObject({ approvalRequest: { status: 'APPROVED' } });
      expect(proceeded).toMatchObject({ outcome: 'ALLOW' });
      expect(of('persistContextState')[0]).toMatchObject({ context: { revision: 1 } });
      expect(of('certifyJobRole')[0]).toMatchObject({
        jobRole: { status: 'CERTIFIED', requiredSkills: [{ key: 'refund-handling' }] },
      });
      expect(of('assignAgentJobRole')[0]).toMatchObject({ agent: { missingSkills: [{ key: 'refund-handling' }] } });
      expect(of('grantInstallation')[0]).toMatchObject({
        installation: { status: 'ACTIVE', grantedScopes: ['kb:read'] },
      });
      expect(of('runComplianceAudit')[0]).toMatchObject({ report: { status: 'COMPLETED', progress: 1 } });
      expect(of('deployAgentVersion')[0]).toMatchObject({ deployment: { status: 'PENDING' } });
      expect(of('updateAgentSkills')[0]).toMatchObject({
        agent: { skills: [{ key: 'refund-handling' }], missingSkills: [] },
      });
      expect(of('authorizeSpend').find((d) => d.price)).toMatchObject({
        outcome: 'ALLOWED',
        reservation: { amount: '1' },
        price: { unitPrice: '0.05', quantity: '20', amount: '1' },
      });
      expect(of('settleSpend')[0]).toMatchObject({ reservation: { status: 'SETTLED', actualAmount: '0.6' } });
      expect(of('convertTrial')[0]).toMatchObject({ trial: { status: 'CONVERTED', planReference: 'pro-annual' } });
    });
  });
});

describe('README code', () => {
  it('the graphql-ws snippet runs on Node 20 and prints what the subscription pushes', async () => {
    const t = await newTenant('Snippet');
    const agent = await t.agent({ slug: 'snipped' });
    const code = block('ts')
      .replace('ws://localhost:4000/graphql', api.url.replace(/^http/, 'ws'))
      .replace('Bearer agk_…', `Bearer ${t.ownerKey}`);
    const run = runSnippet(code);
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      await t.version(agent.id, '1.0.0', { publish: true });
      await until(() => run.output().includes('version.published'));
      expect(run.output()).not.toMatch(/WebSocket implementation missing|Error/);
    } finally {
      run.child.kill();
    }
  });

  it('the webhook receiver snippet accepts a signed delivery and refuses a forged one', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const secret = newWebhookSecret();
    const run = runSnippet(block('js').replace('.listen(8080)', `.listen(${port})`), { WEBHOOK_SECRET: secret });
    try {
      const body = JSON.stringify({
        type: 'violation.raised',
        timestamp: new Date().toISOString(),
        data: { sequence: 7, payload: { severity: 'HIGH' } },
      });
      const send = async (headers: Record<string, string>) => {
        for (let i = 0; ; i++) {
          try {
            return await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body });
          } catch (error) {
            if (i > 60) throw error;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      };
      const signed = signedHeaders([secret], 'evt_1', Math.floor(Date.now() / 1000), body);
      expect((await send(signed)).status).toBe(204);
      await until(() => run.output().includes('violation.raised 7'));
      const forged = signedHeaders([newWebhookSecret()], 'evt_2', Math.floor(Date.now() / 1000), body);
      expect((await send(forged)).status).toBe(401);
      const stale = signedHeaders([secret], 'evt_3', Math.floor(Date.now() / 1000) - 3_600, body);
      expect((await send(stale)).status).toBe(401);
    } finally {
      run.child.kill();
    }
  });
});
