// The PagerDuty provider inside the approval engine, end to end over HTTP: routing written as P0 writes it
// (`integration: pagerduty`, PagerDuty service IDs in `services`), `auto` for anyone on call anywhere in
// PagerDuty, `escalation` for the first level of the service's escalation policy only, and a routing file
// mixing incident.io and PagerDuty entries, where each entry asks its own provider and an integration
// without a provider is never satisfied.
import { expect } from 'chai';
import { createApprovalEngine, type ApprovalEngine } from '../../../plugin/engine/approval-engine.js';
import { loadRoutingText } from '../../../plugin/routing/load.js';
import type { AccessRequest } from '../../../plugin/request/types.js';
import type { OnCallProviders } from '../../../plugin/engine/on-call-lookup.js';
import { createPagerDutyProvider } from '../../../plugin/providers/pagerduty/provider.js';
import type { PagerDutySimulator } from '../../../plugin/providers/pagerduty/simulator.js';
import { createIncidentIoProvider } from '../../../plugin/providers/incidentio/provider.js';
import { startSimulator, type Simulator } from '../../../plugin/providers/incidentio/simulator.js';
import { closeAll, simulator, TEST_KEY, world } from './helpers.js';

const NOW = new Date('2026-11-26T08:00:00.000Z');
const INCIDENT_IO_SCHEDULE = '01HPRIMARY0000000000000000';

const ROUTING = `
- name: aws on-call
  requestor: { type: any }
  resource: { type: integration, service: aws }
  approval:
    - type: auto
      integration: pagerduty
- name: checkout approvers
  requestor: { type: any }
  resource: { type: integration, service: ssh }
  approval:
    - type: escalation
      integration: pagerduty
      services: [SVC-CHECKOUT]
- name: mixed
  requestor: { type: any }
  resource: { type: integration, service: gcloud }
  approval:
    - type: auto
      integration: incidentio
      services: [${INCIDENT_IO_SCHEDULE}]
    - type: escalation
      integration: pagerduty
      services: [SVC-DB]
`;

function rules(installed: string[]) {
  const { rules, problems } = loadRoutingText(ROUTING, 'pagerduty.routing.yaml', { installedIntegrations: installed });
  expect(problems.filter((p) => p.severity === 'error')).to.deep.equal([]);
  return rules;
}

const request = (email: string, service: string): AccessRequest => ({
  requestor: { email },
  resource: { service },
  reason: 'INC-1',
});

describe('PagerDuty in the approval engine', () => {
  const opened: PagerDutySimulator[] = [];
  const incidentIo: Simulator[] = [];
  afterEach(async () => {
    await closeAll(opened);
    await Promise.all(incidentIo.splice(0).map((s) => s.close()));
  });

  async function pagerduty() {
    const sim = await simulator(opened, { data: world(), now: () => NOW });
    return { sim, provider: createPagerDutyProvider({ apiKey: TEST_KEY, baseUrl: sim.url, clock: () => NOW }) };
  }

  async function incidentio() {
    const sim = await startSimulator({
      apiKey: 'inc-key-0000',
      now: () => NOW,
      data: {
        schedules: [
          {
            id: INCIDENT_IO_SCHEDULE,
            name: 'Primary',
            entries: [
              {
                start_at: '2026-11-26T00:00:00Z',
                end_at: '2026-11-27T00:00:00Z',
                user: { id: 'U1', name: 'Ivan', email: 'ivan@example.com' },
              },
            ],
          },
        ],
      },
    });
    incidentIo.push(sim);
    return {
      sim,
      provider: createIncidentIoProvider({ apiKey: 'inc-key-0000', baseUrl: sim.url, clock: () => NOW }),
    };
  }

  function engine(providers: OnCallProviders): ApprovalEngine {
    return createApprovalEngine({ rules: rules(Object.keys(providers)), providers, clock: () => NOW });
  }

  it('`auto`: approved when on call anywhere in PagerDuty (first level, a later level, named directly, a schedule in no policy)', async () => {
    const { provider } = await pagerduty();
    const e = engine({ pagerduty: provider });
    for (const who of ['alice', 'carol', 'dave', 'grace', 'FRANK']) {
      const d = await e.decide(request(`${who}@example.com`, 'aws'));
      expect(d.decision, `${who}: ${d.reasons.join(' ')}`).to.equal('approved');
      expect(d.decidedBy).to.deep.include({ rule: 'aws on-call', type: 'auto', integration: 'pagerduty' });
      expect(d.grantDuration).to.equal('PT1H');
    }
    for (const who of ['heidi', 'nobody']) {
      const d = await e.decide(request(`${who}@example.com`, 'aws'));
      expect(d.decision, who).to.equal('denied');
    }
  });

  it('`escalation`: the first level of the service’s policy may approve; level 2 and 3 may not', async () => {
    const { provider } = await pagerduty();
    const e = engine({ pagerduty: provider });
    const req = request('heidi@example.com', 'ssh');
    const d = await e.decide(req);
    expect(d.decision).to.equal('pending');
    const path = d.paths?.find((p) => p.rule === 'checkout approvers');
    expect(path).to.deep.include({ open: true, schedules: ['SVC-CHECKOUT'], approvers: ['alice@example.com'] });
    expect((await e.canApprove(req, { email: 'ALICE@example.com' })).allowed).to.equal(true);
    for (const who of ['carol', 'dave', 'erin', 'grace']) {
      const r = await e.canApprove(req, { email: `${who}@example.com` });
      expect(r.allowed, `${who}: ${r.reasons.join(' ')}`).to.equal(false);
    }
  });

  it('the requestor never approves their own request', async () => {
    const { provider } = await pagerduty();
    const e = engine({ pagerduty: provider });
    const own = await e.canApprove(request('alice@example.com', 'ssh'), { email: 'alice@example.com' });
    expect(own.allowed).to.equal(false);
  });

  it('default routing with PagerDuty installed: an on-call requestor is approved, others wait for a reviewer', async () => {
    const { provider } = await pagerduty();
    const e = createApprovalEngine({
      providers: { pagerduty: provider },
      clock: () => NOW,
      reviewers: ['sec@example.com'],
    });
    expect(e.integrations).to.deep.equal(['pagerduty']);
    expect((await e.decide(request('carol@example.com', 'aws'))).decision).to.equal('approved');
    expect((await e.decide(request('heidi@example.com', 'aws'))).decision).to.equal('pending');
  });

  it('mixed rules, both providers configured: each entry asks its own provider', async () => {
    const pd = await pagerduty();
    const inc = await incidentio();
    const e = engine({ pagerduty: pd.provider, incidentio: inc.provider });
    const approved = await e.decide(request('ivan@example.com', 'gcloud'));
    expect(approved.decision).to.equal('approved');
    expect(approved.decidedBy).to.deep.include({ rule: 'mixed', entry: 0, integration: 'incidentio' });
    const pending = await e.decide(request('heidi@example.com', 'gcloud'));
    expect(pending.decision).to.equal('pending');
    expect(pending.paths?.find((p) => p.integration === 'pagerduty')).to.deep.include({
      open: true,
      approvers: ['frank@example.com'],
    });
    expect(
      (await e.canApprove(request('heidi@example.com', 'gcloud'), { email: 'frank@example.com' })).allowed,
    ).to.equal(true);
    // incident.io was asked about its schedule only, PagerDuty about its service only.
    expect(Object.keys(inc.sim.calls.bySchedule)).to.deep.equal([INCIDENT_IO_SCHEDULE]);
    expect(Object.keys(pd.sim.calls.byId).sort()).to.deep.equal(['oncalls:EP-DB', 'service:SVC-DB']);
  });

  it('mixed rules, one provider configured: the other integration’s entries are reported, never approved', async () => {
    const pd = await pagerduty();
    const onlyPagerDuty = engine({ pagerduty: pd.provider });
    const ivan = await onlyPagerDuty.decide(request('ivan@example.com', 'gcloud'));
    expect(ivan.decision).to.equal('pending'); // the PagerDuty escalation path is still open
    expect(
      ivan.reasons.some((r) => /entry 0 \(auto, incidentio\).*not installed/.test(r)),
      ivan.reasons.join('\n'),
    ).to.equal(true);

    pd.sim.calls.reset();
    const inc = await incidentio();
    const onlyIncidentIo = engine({ incidentio: inc.provider });
    const d = await onlyIncidentIo.decide(request('alice@example.com', 'aws'));
    expect(d.decision).to.equal('denied');
    const frank = await onlyIncidentIo.canApprove(request('heidi@example.com', 'gcloud'), {
      email: 'frank@example.com',
    });
    expect(frank.allowed).to.equal(false);
    expect(pd.sim.calls.total, 'an engine without the PagerDuty provider never calls PagerDuty').to.equal(0);
  });

  it('PagerDuty failing (401) is unknown, never an approval, and the reason is in the trace', async () => {
    const sim = await simulator(opened, { data: world(), now: () => NOW });
    const provider = createPagerDutyProvider({ apiKey: 'u+wrong-0000', baseUrl: sim.url, clock: () => NOW });
    const e = engine({ pagerduty: provider });
    const d = await e.decide(request('alice@example.com', 'aws'));
    expect(d.decision).to.equal('denied');
    const lookup = d.trace.find((t) => t.kind === 'lookup');
    expect(lookup && lookup.kind === 'lookup' && lookup.listFailure).to.match(
      /401 Unauthorized .*the API key was rejected/,
    );
  });
});
