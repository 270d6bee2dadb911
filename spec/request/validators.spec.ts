// The request and approver validators are compiled ahead of time (plugin/generated/request-validators.ts):
// the committed code must be what the generator makes from today's schemas, and it must judge every
// request exactly as ajv compiling the same schemas at run time does, errors and all.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as generated from '../../plugin/generated/request-validators.js';
import { createAjv } from '../../plugin/parse/ajv.js';
import { approverSchema, requestSchema } from '../../plugin/request/schema.js';
import { REQUEST_VALIDATORS_FILE, requestValidatorsSource } from '../../plugin/routing/validators-source.js';

const dir = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

function runtimeValidators(): { request: ValidateFunction; approver: ValidateFunction } {
  const ajv = createAjv({ validateSchema: false });
  return { request: ajv.compile(requestSchema()), approver: ajv.compile(approverSchema()) };
}

/** Everything the messages read from an error, with the schema compared by value. */
const view = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => ({ ...e, schema: JSON.stringify(e.schema), parentSchema: JSON.stringify(e.parentSchema) }));

function judge(validate: ValidateFunction, data: unknown) {
  const ok = validate(data);
  return { ok, errors: view(ok ? [] : validate.errors) };
}

/** Copies of `value` with one change each: every key removed, or set to a number, text, a list, a mapping. */
function mutations(value: unknown, depth = 0): unknown[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  const out: unknown[] = [];
  const clone = () => structuredClone(value) as Record<string, unknown>;
  if (!Array.isArray(value)) out.push({ ...clone(), notAKey: true });
  for (const key of Object.keys(value)) {
    for (const replacement of [undefined, 42, 'text', '', [], {}]) {
      const copy = clone();
      if (replacement === undefined) {
        if (Array.isArray(copy)) copy.splice(Number(key), 1);
        else delete copy[key];
      } else copy[key] = replacement;
      out.push(copy);
    }
    for (const inner of mutations((value as Record<string, unknown>)[key], depth + 1)) {
      const copy = clone();
      copy[key] = inner;
      out.push(copy);
    }
  }
  return out;
}

const FULL = {
  id: 'req-42',
  requestor: {
    email: 'alice@example.com',
    groups: [{ directory: 'okta', id: '00g1' }],
    profile: { manager: 'bob@example.com' },
  },
  resource: { service: 'aws', accessType: 'permission-set', attributes: { tag: { env: 'prod', tier: 1, pci: true } } },
  reason: 'INC-1234 database failover',
  duration: 'PT4H',
};

describe('request validators compiled ahead of time', () => {
  it('request-validators.ts is what the generator makes from the schemas today (regenerate: npx tsx plugin/routing/validators-source.ts)', () => {
    expect(readFileSync(REQUEST_VALIDATORS_FILE, 'utf8')).to.equal(requestValidatorsSource());
  });

  it('judge the bundled requests and every mutation of a full request exactly as ajv compiling at run time does', () => {
    const runtime = runtimeValidators();
    const requests = readdirSync(dir('../../rules/production-guarded/requests/'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(dir(`../../rules/production-guarded/requests/${f}`), 'utf8')) as unknown);
    expect(requests.length).to.be.greaterThan(2);
    let refused = 0;
    const all = [...requests, FULL, ...mutations(FULL), 'text', [], null];
    for (const data of all) {
      const ours = judge(generated.validateRequest as ValidateFunction, data);
      if (!ours.ok) refused++;
      expect(ours, JSON.stringify(data)).to.deep.equal(judge(runtime.request, data));
    }
    // The comparison covered both outcomes, many times each.
    expect(all.length - refused).to.be.greaterThan(10);
    expect(refused).to.be.greaterThan(50);
  });

  it('judge approvers the same way too', () => {
    const runtime = runtimeValidators();
    const approver = { email: 'sec@example.com', groups: [{ directory: 'okta', id: 'g1' }] };
    for (const data of [approver, ...mutations(approver), { email: ' ' }, 'sec@example.com']) {
      expect(judge(generated.validateApprover as ValidateFunction, data), JSON.stringify(data)).to.deep.equal(
        judge(runtime.approver, data),
      );
    }
  });
});
