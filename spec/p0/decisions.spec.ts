// For each P0 construct, a table of requests with the decision P0's documentation implies (docs/p0.md gives
// the source of each meaning). Every row is decided by `decide` and by a host's own json-rules-engine Engine
// running the compiled rules with the plugin, and the two must agree; approver rows go through `canApprove`
// and the host Engine alike.
import { expect } from 'chai';
import { Engine } from 'json-rules-engine';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import { compileRules } from '../../plugin/compile/compile.js';
import { FACT } from '../../plugin/compile/vocabulary.js';
import { loadRoutingText } from '../../plugin/routing/load.js';
import type { AccessRequest, Approver } from '../../plugin/request/types.js';
import { createFakeProvider } from '../engine/support/fake-provider.js';
import { NOW, PRIMARY, WORLD } from '../engine/support/rules.js';

interface Row {
  name: string;
  request: Partial<Omit<AccessRequest, 'requestor'>> & { requestor?: Partial<AccessRequest['requestor']> };
  /** When given, the row asks whether this person may approve the request. */
  approver?: Approver;
  expect: 'approved' | 'denied' | 'pending' | 'allowed' | 'refused';
  /** Whether a rule's entry decided it (false: no rule matched). */
  decidedBy?: string | false;
  /** A sentence the decision (or canApprove) must give. */
  says?: RegExp;
}

interface Table {
  construct: string;
  routing: string;
  reviewers?: string[];
  breakGlassApprovers?: string[];
  rows: Row[];
}

const provider = createFakeProvider(WORLD);
const LATER = '2026-11-26T18:00:00Z';
const EARLIER = '2026-11-26T07:00:00Z';
const eng = { directory: 'workspace' as const, id: 'engineering@yourorg.com' };
const dataops = { directory: 'workspace' as const, id: 'dataops@yourorg.com' };
const sre = { directory: 'okta' as const, id: '00gsre' };

function request(spec: Row['request']): AccessRequest {
  return {
    resource: { service: 'aws' },
    ...spec,
    requestor: { email: 'alice@example.com', ...(spec.requestor ?? {}) },
  } as AccessRequest;
}

const tables: Table[] = [
  {
    construct: "P0's flat group, for the requestor and a `group` approval (docs.p0.dev request-routing example)",
    routing: `
- requestor: { type: group, id: engineering@yourorg.com, label: Engineering, directory: workspace }
  resource: { type: integration, service: snowflake }
  approval:
    - type: group
      id: dataops@yourorg.com
      label: Data Ops Team
      directory: workspace
      options: { allowOneParty: false }
`,
    rows: [
      {
        name: 'an engineer asking for snowflake waits for Data Ops',
        request: { requestor: { groups: [eng] }, resource: { service: 'snowflake' } },
        expect: 'pending',
        says: /workspace:dataops@yourorg.com/,
      },
      {
        name: 'someone outside Engineering matches no rule',
        request: { requestor: { groups: [dataops] }, resource: { service: 'snowflake' } },
        expect: 'denied',
        decidedBy: false,
      },
      {
        name: 'an engineer asking for another service matches no rule',
        request: { requestor: { groups: [eng] }, resource: { service: 'aws' } },
        expect: 'denied',
        decidedBy: false,
      },
      {
        name: 'a Data Ops member may approve',
        request: { requestor: { groups: [eng] }, resource: { service: 'snowflake' } },
        approver: { email: 'dan@example.com', groups: [dataops] },
        expect: 'allowed',
      },
      {
        name: 'an engineer outside Data Ops may not',
        request: { requestor: { groups: [eng] }, resource: { service: 'snowflake' } },
        approver: { email: 'erin@example.com', groups: [eng] },
        expect: 'refused',
      },
      {
        name: 'a requestor in Data Ops may not approve their own request (allowOneParty: false)',
        request: { requestor: { groups: [eng, dataops] }, resource: { service: 'snowflake' } },
        approver: { email: 'alice@example.com', groups: [dataops] },
        expect: 'refused',
      },
    ],
  },
  {
    construct: 'snake_case options and keys (P0 terraform installer: access_type, require_duration, profile_property)',
    routing: `
- name: ssh
  requestor: { type: any }
  resource: { type: integration, service: ssh, access_type: all }
  approval:
    - type: p0
      options: { require_duration: true }
- name: manager
  requestor: { type: any }
  resource: { type: integration, service: okta }
  approval:
    - type: requestor-profile
      directory: okta
      profile_property: manager
      options: { require_reason: true }
`,
    reviewers: ['sec@example.com'],
    rows: [
      {
        name: 'ssh without a duration: the only path is closed',
        request: { resource: { service: 'ssh', accessType: 'all' } },
        expect: 'denied',
        says: /gives no duration/,
      },
      {
        name: 'ssh with a duration waits for a security reviewer',
        request: { resource: { service: 'ssh', accessType: 'all' }, duration: 'PT1H' },
        expect: 'pending',
      },
      {
        name: 'access_type narrows the rule like accessType: another access type matches nothing',
        request: { resource: { service: 'ssh', accessType: 'session' }, duration: 'PT1H' },
        expect: 'denied',
        decidedBy: false,
      },
      {
        name: 'okta without a reason: the manager path is closed',
        request: { resource: { service: 'okta' }, requestor: { profile: { manager: 'bob@example.com' } } },
        expect: 'denied',
        says: /gives no reason/,
      },
      {
        name: 'with a reason, the manager named by profile_property may approve',
        request: {
          resource: { service: 'okta' },
          reason: 'INC-1',
          requestor: { profile: { manager: 'bob@example.com' } },
        },
        approver: { email: 'bob@example.com' },
        expect: 'allowed',
      },
    ],
  },
  {
    construct: '`some` requestor: applies only while another rule matches, otherwise like `any` (P0 request-routing)',
    routing: `
- name: sre gcp
  requestor: { type: group, effect: keep, groups: [{ id: 00gsre, directory: okta }] }
  resource: { type: integration, service: gcp }
  approval:
    - type: p0
- name: on call
  requestor: { type: some }
  resource: { type: any }
  approval:
    - type: auto
      integration: incidentio
`,
    rows: [
      {
        name: 'an on-call SRE asking for gcp: the `some` rule applies alongside `sre gcp`, and approves',
        request: { requestor: { groups: [sre] }, resource: { service: 'gcp' } },
        expect: 'approved',
        decidedBy: 'on call',
      },
      {
        name: 'an on-call non-SRE asking for gcp: no other rule matches, so the `some` rule does not either',
        request: { resource: { service: 'gcp' } },
        expect: 'denied',
        decidedBy: false,
      },
      {
        name: 'an on-call SRE asking for aws: `sre gcp` does not match, so neither does `some`',
        request: { requestor: { groups: [sre] }, resource: { service: 'aws' } },
        expect: 'denied',
        decidedBy: false,
      },
      {
        name: 'an SRE who is not on call asking for gcp waits for a reviewer (the `some` entry is not met)',
        request: { requestor: { email: 'bob@example.com', groups: [sre] }, resource: { service: 'gcp' } },
        expect: 'denied',
        says: /no security reviewers are configured/,
      },
    ],
  },
  {
    construct: '`agentic` requestor (terraform provider p0_access_policy): agents only, never people, and back',
    routing: `
- name: people
  requestor: { type: any }
  resource: { type: integration, service: gcp }
  approval: [{ type: persistent }]
- name: headless gateway agent
  requestor:
    type: agentic
    agent: { type: agent-client, client_id: my-agent-client }
    user: { type: none }
  resource: { type: integration, service: gcp }
  approval: [{ type: persistent }]
- name: federated agent of an SRE
  requestor:
    type: agentic
    agent: { type: provider, provider_id: okta-idp, subject_pattern: ^svc-.*$ }
    user: { type: group, effect: keep, groups: [{ id: 00gsre, directory: okta }] }
  resource: { type: integration, service: aws }
  approval: [{ type: persistent }]
- name: agents of the owner
  requestor:
    type: agentic
    agent: { type: mcp-client, clientId: owner-client }
    user: { type: any }
  resource: { type: integration, service: db }
  approval: [{ type: deny }]
`,
    rows: [
      {
        name: 'a person asking for gcp: the people rule',
        request: { resource: { service: 'gcp' } },
        expect: 'approved',
        decidedBy: 'people',
      },
      {
        name: 'a headless agent of my-agent-client asking for gcp: the agentic rule, never the people rule',
        request: {
          resource: { service: 'gcp' },
          requestor: { email: 'agent-7@example.com' },
          agent: { clientId: 'my-agent-client', headless: true },
        },
        expect: 'approved',
        decidedBy: 'headless gateway agent',
      },
      {
        name: 'another client: the people rule (`any`) does not match an agent',
        request: { resource: { service: 'gcp' }, agent: { clientId: 'other', headless: true } },
        expect: 'denied',
        decidedBy: false,
      },
      {
        name: 'my-agent-client with a person behind it: `user: none` does not match',
        request: { resource: { service: 'gcp' }, agent: { clientId: 'my-agent-client' } },
        expect: 'denied',
        decidedBy: false,
      },
      {
        name: 'a federated svc- agent of an SRE asking for aws',
        request: {
          requestor: { groups: [sre] },
          agent: { providerId: 'okta-idp', subject: 'svc-build' },
        },
        expect: 'approved',
        decidedBy: 'federated agent of an SRE',
      },
      {
        name: 'the same agent with a subject outside the pattern',
        request: { requestor: { groups: [sre] }, agent: { providerId: 'okta-idp', subject: 'build' } },
        expect: 'denied',
        decidedBy: false,
      },
      {
        name: 'a person in the SRE group, without an agent: the agentic rule is for agents only',
        request: { requestor: { groups: [sre] } },
        expect: 'denied',
        decidedBy: false,
      },
      {
        name: '`mcp-client` is the older name of agent-client',
        request: { resource: { service: 'db' }, agent: { clientId: 'owner-client' } },
        expect: 'denied',
        decidedBy: 'agents of the owner',
      },
    ],
  },
  {
    construct: 'requirePreapproval (P0 terraform installer): holds only with a host-attested, unexpired preapproval',
    routing: `
- name: okta group
  requestor: { type: any }
  resource: { type: integration, service: okta }
  approval:
    - type: group
      effect: keep
      groups: [{ directory: okta, id: 00example-group-id, label: Example Okta Group }]
      options: { require_preapproval: true }
- name: on call
  requestor: { type: any }
  resource: { type: integration, service: aws }
  approval:
    - type: auto
      integration: incidentio
      options: { requirePreapproval: true }
`,
    rows: [
      {
        name: 'no preapproval: the group path is closed, and the decision says what is missing',
        request: { resource: { service: 'okta' } },
        expect: 'denied',
        says: /carries no preapproval/,
      },
      {
        name: 'an unexpired preapproval by someone else opens the path',
        request: { resource: { service: 'okta' }, preapproval: { approver: 'bob@example.com', expiresAt: LATER } },
        expect: 'pending',
      },
      {
        name: 'an expired preapproval does not',
        request: { resource: { service: 'okta' }, preapproval: { approver: 'bob@example.com', expiresAt: EARLIER } },
        expect: 'denied',
        says: /preapproval is not valid now/,
      },
      {
        name: 'a preapproval the requestor gave themself does not',
        request: {
          resource: { service: 'okta' },
          preapproval: { approver: 'alice@example.com', expiresAt: LATER },
        },
        expect: 'denied',
        says: /given by the requestor/,
      },
      {
        name: 'on call, without a preapproval: no automatic approval',
        request: {},
        expect: 'denied',
        says: /carries no preapproval/,
      },
      {
        name: 'on call, preapproved: approved',
        request: { preapproval: { approver: 'bob@example.com', expiresAt: LATER } },
        expect: 'approved',
        decidedBy: 'on call',
      },
      {
        name: 'a group member may approve only a preapproved request',
        request: { resource: { service: 'okta' } },
        approver: { email: 'bob@example.com', groups: [{ directory: 'okta', id: '00example-group-id' }] },
        expect: 'refused',
      },
    ],
  },
  {
    construct: "breakGlassApprover (P0 terraform provider): admits only the host's break-glass approvers",
    routing: `
- name: reviewed
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: p0
      options: { break_glass_approver: true }
`,
    reviewers: ['sec@example.com', 'ops@example.com'],
    rows: [
      {
        name: 'without a break-glass list nobody may approve, and the decision says so',
        request: {},
        expect: 'denied',
        says: /no break-glass approvers are configured/,
      },
      {
        name: 'without a break-glass list a security reviewer may not approve',
        request: {},
        approver: { email: 'sec@example.com' },
        expect: 'refused',
        says: /break-glass/,
      },
    ],
  },
  {
    construct: 'breakGlassApprover with the host list configured',
    routing: `
- name: reviewed
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: p0
      options: { breakGlassApprover: true }
`,
    reviewers: ['sec@example.com', 'ops@example.com'],
    breakGlassApprovers: ['sec@example.com'],
    rows: [
      { name: 'the path is open', request: {}, expect: 'pending' },
      {
        name: 'a reviewer on the break-glass list may approve',
        request: {},
        approver: { email: 'sec@example.com' },
        expect: 'allowed',
      },
      {
        name: 'a reviewer not on it may not',
        request: {},
        approver: { email: 'ops@example.com' },
        expect: 'refused',
        says: /not a break-glass approver/,
      },
    ],
  },
  {
    construct: '`integration: pagerduty` stays "not installed" until the PagerDuty provider lands (never an approval)',
    routing: `
- name: pagerduty auto
  requestor: { type: any }
  resource: { type: any }
  approval:
    - type: auto
      integration: pagerduty
`,
    rows: [{ name: 'even someone on call in incident.io is not approved', request: {}, expect: 'denied' }],
  },
];

async function hostRun(table: Table, facts: Record<string, unknown>) {
  const engine = new Engine();
  installOnCallPlugin(engine, {
    providers: { incidentio: provider },
    reviewers: table.reviewers ?? [],
    breakGlassApprovers: table.breakGlassApprovers ?? [],
    clock: () => NOW,
  });
  const { rules } = loadRoutingText(table.routing, 'p0.routing.yaml');
  for (const rule of JSON.parse(JSON.stringify(compileRules(rules))).rules) engine.addRule(rule);
  const { events } = await engine.run(facts);
  return outcomeOf(events);
}

describe('p0: each construct decides as P0 means it', () => {
  for (const table of tables) {
    describe(table.construct, () => {
      const loaded = loadRoutingText(table.routing, 'p0.routing.yaml');
      it('loads', () => {
        expect(loaded.problems.filter((p) => p.severity === 'error')).to.deep.equal([]);
      });
      const engine = () =>
        createApprovalEngine({
          rules: loaded.rules,
          providers: { incidentio: provider },
          reviewers: table.reviewers ?? [],
          breakGlassApprovers: table.breakGlassApprovers ?? [],
          clock: () => NOW,
        });
      for (const row of table.rows) {
        it(`${row.name}: ${row.expect}`, async () => {
          const req = request(row.request);
          if (row.approver) {
            const can = await engine().canApprove(req, row.approver);
            expect(can.allowed ? 'allowed' : 'refused', can.reasons.join(' | ')).to.equal(row.expect);
            if (row.says) expect(can.reasons.join(' | ')).to.match(row.says);
            const host = await hostRun(table, { [FACT.request]: req, [FACT.approver]: row.approver });
            expect(host.allowed, 'host Engine').to.equal(can.allowed);
            return;
          }
          const d = await engine().decide(req);
          const said = [...d.reasons, ...(d.paths ?? []).map((p) => p.why)].join(' | ');
          expect(d.decision, said).to.equal(row.expect);
          if (row.decidedBy === false) expect(d.decidedBy, said).to.equal(undefined);
          else if (row.decidedBy) expect(d.decidedBy?.rule, said).to.equal(row.decidedBy);
          if (row.says) expect(said).to.match(row.says);
          const host = await hostRun(table, { [FACT.request]: req });
          expect(host.decision, 'host Engine').to.equal(d.decision);
          expect(host.decidedBy?.rule, 'host Engine').to.equal(d.decidedBy?.rule);
        });
      }
    });
  }

  it('an on-call requestor is indeed on call in this world (the tables rely on it)', async () => {
    const answer = await provider.onCallFor([PRIMARY], NOW);
    expect(JSON.stringify(answer)).to.contain('alice@example.com');
  });
});
