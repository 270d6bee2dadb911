// Names spelled to slip past a deny: an agent's client, provider, subject, owner or owner's group with a hidden
// character, other capitals or blanks around it; a routing file whose compared values hold a hidden character
// (a deny that reads right and matches nothing), or capitals and blanks the compiler must read as the request
// check does. And standard input that never ends. Each must end safe: denied, refused, or a load error.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Engine } from 'json-rules-engine';
import { compileRules, rulesForService } from '../../plugin/compile/compile.js';
import { FACT } from '../../plugin/compile/vocabulary.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import { DEFAULT_LIMITS } from '../../plugin/parse/limits.js';
import { createLocalProvider } from '../../plugin/providers/local/local-provider.js';
import { checkRequest, InvalidRequestError } from '../../plugin/request/check.js';
import type { AccessRequest } from '../../plugin/request/types.js';
import { loadRoutingText } from '../../plugin/routing/load.js';
import { engine, NOW, rules, schedulesData } from './world.js';

const AUTO = `
- name: on call
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: auto, integration: incidentio }]
`;
const AGENT_AUTO = `
- name: any agent of an on-call person
  requestor: { type: agentic, agent: { type: any }, user: { type: any } }
  resource: { type: any }
  approval: [{ type: auto, integration: incidentio }]
`;
const AGENT_DENIES = `
- name: block this gateway client
  requestor: { type: agentic, agent: { type: agent-client, clientId: evil-client }, user: { type: any } }
  resource: { type: any }
  approval: [{ type: deny }]
- name: block this provider
  requestor: { type: agentic, agent: { type: provider, providerId: Rogue-IdP }, user: { type: any } }
  resource: { type: any }
  approval: [{ type: deny }]
- name: block this subject
  requestor:
    type: agentic
    agent: { type: provider, providerId: github, subjectPattern: '\\Arepo:evil/' }
    user: { type: any }
  resource: { type: any }
  approval: [{ type: deny }]
- name: block agents of contractors
  requestor:
    type: agentic
    agent: { type: owner-group, effect: keep, groups: [{ id: contractors, directory: okta }] }
    user: { type: any }
  resource: { type: any }
  approval: [{ type: deny }]
- name: block mallory's agents
  requestor: { type: agentic, agent: { type: agent-owner, owner: mallory@example.com }, user: { type: any } }
  resource: { type: any }
  approval: [{ type: deny }]
${AGENT_AUTO}`;

const fromAlice = (extra: Record<string, unknown> = {}) =>
  ({ requestor: { email: 'alice@example.com' }, resource: { service: 'aws' }, ...extra }) as AccessRequest;
const byAgent = (agent: Record<string, unknown>) => fromAlice({ agent });

async function refused(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidRequestError);
    return (err as InvalidRequestError).problems.map((q) => `${q.code} ${q.pointer}`);
  }
  return expect.fail('the request was decided instead of refused');
}

async function hostDecision(routing: string, request: unknown) {
  const host = new Engine();
  installOnCallPlugin(host, { providers: { incidentio: createLocalProvider(schedulesData()) }, clock: () => NOW });
  for (const rule of compileRules(rules(routing)).rules) host.addRule(rule);
  return outcomeOf((await host.run({ [FACT.request]: request })).events);
}

describe('security: name tricks', () => {
  describe("an agent's fields", () => {
    it('the control case: an agent nothing blocks is approved, and each blocked agent is denied', async () => {
      const approvals = engine(AGENT_DENIES);
      expect((await approvals.decide(byAgent({ clientId: 'good-client' }))).decision).to.equal('approved');
      for (const agent of [
        { clientId: 'evil-client' },
        { providerId: 'Rogue-IdP' },
        { providerId: 'github', subject: 'repo:evil/tools:ref:main' },
        { ownerGroups: [{ directory: 'okta', id: 'contractors' }] },
        { owner: 'mallory@example.com' },
      ]) {
        expect((await approvals.decide(byAgent(agent))).decision, JSON.stringify(agent)).to.equal('denied');
      }
    });

    it('refuses a hidden character in clientId, providerId, subject, an owner group, the owner or a preapproval', async () => {
      const approvals = engine(AGENT_DENIES);
      const cases: [AccessRequest, string][] = [
        [byAgent({ clientId: 'evil-client\u200b' }), 'request.hidden-character /agent/clientId'],
        [byAgent({ providerId: 'rogue-idp\u2060' }), 'request.hidden-character /agent/providerId'],
        [
          byAgent({ providerId: 'github', subject: 'repo:\u200bevil/tools' }),
          'request.hidden-character /agent/subject',
        ],
        [
          byAgent({ ownerGroups: [{ directory: 'okta', id: 'contractors\u200b' }] }),
          'request.hidden-character /agent/ownerGroups/0/id',
        ],
        [byAgent({ owner: 'mallory@example.com\u200b' }), 'request.not-an-email /agent/owner'],
        [
          fromAlice({ preapproval: { approver: 'bob@example.com\u200d', expiresAt: '2026-11-26T18:00:00Z' } }),
          'request.not-an-email /preapproval/approver',
        ],
      ];
      for (const [request, problem] of cases) {
        expect(await refused(approvals.decide(request)), problem).to.deep.equal([problem]);
        expect(checkRequest(request).problems.map((p) => `${p.code} ${p.pointer}`)).to.deep.equal([problem]);
      }
    });

    it('compares clientId and providerId without regard to ASCII case or surrounding blanks, on both sides', async () => {
      const approvals = engine(AGENT_DENIES);
      for (const agent of [
        { clientId: 'Evil-Client' },
        { clientId: ' evil-client\t' },
        { providerId: 'ROGUE-IDP' },
        { providerId: 'rogue-idp ' },
        { providerId: ' GitHub ', subject: ' repo:evil/tools' },
        { owner: ' Mallory@Example.COM' },
      ]) {
        const request = byAgent(agent);
        expect((await approvals.decide(request)).decision, JSON.stringify(agent)).to.equal('denied');
        expect((await hostDecision(AGENT_DENIES, request)).decision, `host ${JSON.stringify(agent)}`).to.equal(
          'denied',
        );
      }
    });

    it("the checked copy holds the agent's identifiers as rules compare them", () => {
      const { request } = checkRequest(
        fromAlice({
          agent: {
            clientId: ' Evil-Client ',
            providerId: 'GitHub',
            subject: ' repo:Org/x ',
            owner: 'Bob@Example.com ',
          },
          preapproval: { approver: ' Kate@Example.com', expiresAt: '2026-11-26T18:00:00Z' },
        }),
      );
      expect(request?.agent).to.deep.equal({
        clientId: 'evil-client',
        providerId: 'github',
        subject: 'repo:Org/x',
        owner: 'bob@example.com',
      });
      expect(request?.preapproval?.approver).to.equal('kate@example.com');
    });
  });

  describe('compared routing values', () => {
    const errors = (yaml: string) =>
      loadRoutingText(yaml, 'r.yaml')
        .problems.filter((p) => p.severity === 'error')
        .map((p) => `${p.code} ${p.path}`);

    it('a hidden character in any compared value is a located load error, not a deny that never matches', () => {
      const yaml = `
- name: trojan
  requestor: { type: group, effect: keep, groups: [{ id: "admins\u200b", directory: okta }] }
  resource:
    type: integration
    service: "aws\u200b"
    accessType: "permission-set\u2060"
    filters:
      "tag\u200b": { effect: keep, key: "env\u200d", pattern: prod }
  approval:
    - { type: group, groups: [{ id: "approvers\u200b", directory: okta }] }
    - { type: requestor-profile, directory: okta, profileProperty: "manager\u200b" }
- name: agents
  requestor:
    type: agentic
    agent: { type: agent-client, clientId: "evil\u200b" }
    user: { type: group, effect: keep, groups: [{ id: "people\u200b", directory: okta }] }
  resource: { type: any }
  approval: [{ type: deny }]
- name: providers
  requestor: { type: agentic, agent: { type: provider, providerId: "idp\u200b" }, user: { type: any } }
  resource: { type: any }
  approval: [{ type: deny }]
- name: owner groups
  requestor:
    type: agentic
    agent: { type: owner-group, effect: keep, groups: [{ id: "contractors\u200b", directory: okta }] }
    user: { type: user, uid: "alice@example.com\u200b" }
  resource: { type: any }
  approval: [{ type: deny }]
- name: owner
  requestor: { type: agentic, agent: { type: agent-owner, owner: "mallory@example.com\u200b" }, user: { type: any } }
  resource: { type: any }
  approval: [{ type: deny }]
`;
      expect(errors(yaml)).to.have.members([
        'routing.hidden-character /0/requestor/groups/0/id',
        'routing.hidden-character /0/resource/service',
        'routing.hidden-character /0/resource/accessType',
        'routing.hidden-character /0/resource/filters/tag\u200b',
        'routing.hidden-character /0/resource/filters/tag\u200b/key',
        'routing.hidden-character /0/approval/0/groups/0/id',
        'routing.hidden-character /0/approval/1/profileProperty',
        'routing.hidden-character /1/requestor/agent/clientId',
        'routing.hidden-character /1/requestor/user/groups/0/id',
        'routing.hidden-character /2/requestor/agent/providerId',
        'routing.hidden-character /3/requestor/agent/groups/0/id',
        'routing.bad-email /3/requestor/user/uid',
        'routing.bad-email /4/requestor/agent/owner',
      ]);
      // The attacker's file as found: one error, on the line of the service.
      const { problems } = loadRoutingText(
        `- name: never admin on aws\n  requestor: { type: any }\n  resource: { type: integration, service: "aws\u200b", accessType: permission-set }\n  approval: [{ type: deny }]\n${AUTO}`,
        'trojan.routing.yaml',
      );
      expect(problems.map((p) => `${p.severity} ${p.code} ${p.line}`)).to.deep.equal([
        'error routing.hidden-character 3',
      ]);
    });

    it('a rule for `AWS ` (capitals, blanks) denies a request for aws, through decide and a host Engine', async () => {
      const routing = `
- name: never aws
  requestor: { type: any }
  resource: { type: integration, service: " AWS ", accessType: " Permission-Set" }
  approval: [{ type: deny }]
${AUTO}`;
      const request = fromAlice({ resource: { service: 'aws', accessType: 'permission-set' } });
      expect((await engine(routing).decide(request)).decision).to.equal('denied');
      expect((await hostDecision(routing, request)).decision).to.equal('denied');
      // A host that adds only the rules for the request's service finds the deny, however it spells the service.
      const set = compileRules(rules(routing));
      for (const service of ['aws', ' AWS ']) {
        const names = rulesForService(set, service).map((r) => r.name);
        expect(
          names.some((n) => String(n).includes('never aws')),
          service,
        ).to.equal(true);
      }
    });

    it('`accessType: ANY` is every access type, not one named "any"', async () => {
      for (const any of ['any', 'ANY', ' Any ']) {
        const routing = `
- name: never aws
  requestor: { type: any }
  resource: { type: integration, service: aws, accessType: "${any}" }
  approval: [{ type: deny }]
${AUTO}`;
        const request = fromAlice({ resource: { service: 'aws', accessType: 'permission-set' } });
        expect((await engine(routing).decide(request)).decision, any).to.equal('denied');
        // The control case: another service is not denied.
        expect((await engine(routing).decide(fromAlice({ resource: { service: 'gcp' } }))).decision).to.equal(
          'approved',
        );
      }
    });
  });

  describe('standard input', () => {
    it('stops reading one byte past the size bound, and the reader refuses what it read as too large', async function () {
      this.timeout(20_000);
      // A child reads its endless standard input through processIo(): it must return, holding max + 1 bytes.
      const script = `
        import { processIo } from ${JSON.stringify(fileURLToPath(new URL('../../plugin/cli/main.ts', import.meta.url)))};
        import { parseRequest } from ${JSON.stringify(fileURLToPath(new URL('../../plugin/request/parse.ts', import.meta.url)))};
        const bytes = await processIo().readStdin();
        const { problems } = parseRequest(bytes, '<stdin>');
        process.stdout.write(JSON.stringify({ length: bytes.length, codes: problems.map((p) => p.code) }));
        process.exit(0);
      `;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stdin.on('error', () => {}); // the child stops reading: writes after that fail, as they should
      const block = Buffer.alloc(64 * 1024, 'a');
      let open = true;
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      void exited.then(() => (open = false));
      // 16 MiB, or until the child has gone: a bounded reader returns early; an unbounded one reads it all.
      for (let written = 0; open && written < 16 * 1024 * 1024; written += block.length) {
        if (!child.stdin.write(block)) await Promise.race([new Promise((r) => child.stdin.once('drain', r)), exited]);
      }
      if (open) child.stdin.end();
      expect(await exited).to.equal(0);
      expect(JSON.parse(out)).to.deep.equal({ length: DEFAULT_LIMITS.maxBytes + 1, codes: ['parse.too-large'] });
    });
  });
});
