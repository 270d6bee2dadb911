// The host sample of docs/hosts.md (spec/engine/host-example.ts) runs, and reaches what `decide` and
// `canApprove` say for the same request, rules and schedules.
import { expect } from 'chai';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import { createLocalProvider } from '../../plugin/providers/local/local-provider.js';
import { loadSchedulesFile } from '../../plugin/providers/local/schedules-file.js';
import { loadRoutingFiles } from '../../plugin/routing/load.js';
import { hostExample } from './host-example.js';

describe('engine: the host example in docs/hosts.md', () => {
  it("runs in a host's own Engine and agrees with decide / canApprove", async () => {
    const { outcome, carolMayApprove } = await hostExample();

    const { rules } = await loadRoutingFiles(['rules/production-guarded/production-guarded.routing.yaml']);
    const engine = createApprovalEngine({
      rules,
      providers: { incidentio: createLocalProvider(await loadSchedulesFile('rules/oncall.example.yaml')) },
      reviewers: ['security@example.com'],
    });
    const request = {
      requestor: { email: 'bob@example.com' },
      resource: { service: 'aws', accessType: 'permission-set', attributes: { tag: { env: 'prod' } } },
      reason: 'INC-1240 primary database failover',
      duration: 'PT2H',
    };
    const now = new Date('2026-11-26T08:00:00Z');
    const decision = await engine.decide(request, { now });
    expect(outcome.decision).to.equal('pending');
    expect(outcome.decision).to.equal(decision.decision);
    // The open paths with whom to ask now, as decide lists them.
    expect(outcome.paths).to.deep.equal((decision.paths ?? []).filter((p) => p.open).map(({ open: _open, ...p }) => p));
    expect(outcome.paths.map((p) => p.approvers)).to.deep.equal([
      ['alice@example.com', 'carol@example.com'],
      ['security@example.com'],
    ]);
    expect(carolMayApprove).to.equal(true);
    expect(carolMayApprove).to.equal(
      (await engine.canApprove(request, { email: 'carol@example.com' }, { now })).allowed,
    );
  });
});
