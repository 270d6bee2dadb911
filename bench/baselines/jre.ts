// Baseline (a): routing rules written by hand as json-rules-engine rules, the way a host would without this
// plugin, with the on-call sets handed in as plain facts (the host fetched them some other way). What we
// cost over this is our overhead over the engine we build on.
import { Engine } from 'json-rules-engine';
import type { NestedCondition, RuleProperties, TopLevelCondition } from 'json-rules-engine';
import type { AccessRequest, ApprovalEntry, Rule } from '../api.js';
import { hasReason, normEmail, notModelled, outcome, profileFields, type DecisionKind } from './outcome.js';

type Condition = NestedCondition;

function requestorConditions(rule: Rule): Condition[] {
  const r = rule.requestor;
  switch (r.type) {
    case 'any':
      return [];
    case 'user':
      return [{ fact: 'email', operator: 'equal', value: normEmail(r.uid) }];
    case 'group': {
      const ids = r.groups.map((g) => `${g.directory}:${g.id}`);
      return r.effect === 'remove'
        ? [{ all: ids.map((value) => ({ fact: 'groups', operator: 'doesNotContain', value })) }]
        : [{ any: ids.map((value) => ({ fact: 'groups', operator: 'contains', value })) }];
    }
    default:
      return notModelled('baseline-jre', `requestor type ${(r as { type: string }).type}`);
  }
}

function resourceConditions(rule: Rule): Condition[] {
  const r = rule.resource;
  if (r.type === 'any') return [];
  const out: Condition[] = [{ fact: 'service', operator: 'equal', value: r.service }];
  if (r.accessType !== undefined && r.accessType !== 'any')
    out.push({ fact: 'accessType', operator: 'equal', value: r.accessType });
  for (const [name, filter] of Object.entries(r.filters ?? {})) {
    if (filter.effect === 'removeAll' || filter.pattern === undefined || filter.key === undefined) {
      throw new Error(
        `baseline-jre: filter ${name} (${filter.effect}) is not modelled; the generator should not emit it`,
      );
    }
    const fact = `attr:${name}.${filter.key}`;
    out.push({ fact, operator: filter.effect === 'keep' ? 'matches' : 'notMatches', value: filter.pattern });
  }
  return out;
}

/** The conditions an entry adds and the event it fires; undefined for integrations we do not model. */
function entryRule(entry: ApprovalEntry): { conditions: Condition[]; kind: 'approve' | 'deny' | 'path' } {
  const options: Condition[] = [];
  if (entry.options?.requireReason) options.push({ fact: 'hasReason', operator: 'equal', value: true });
  if (entry.options?.requireDuration) options.push({ fact: 'hasDuration', operator: 'equal', value: true });
  const onCallIn = (ids: string[]): Condition => ({
    any: ids.map((id) => ({ fact: `oncall:${id}`, operator: 'contains', value: { fact: 'email' } })),
  });
  switch (entry.type) {
    case 'deny':
      return { conditions: [], kind: 'deny' };
    case 'persistent':
      return { conditions: [], kind: 'approve' };
    case 'auto':
      return {
        conditions: [
          entry.services === undefined
            ? { fact: 'onCallAny', operator: 'contains', value: { fact: 'email' } }
            : onCallIn(entry.services),
          ...options,
        ],
        kind: 'approve',
      };
    case 'escalation':
    case 'group':
      return { conditions: options, kind: 'path' };
    case 'p0':
      return { conditions: [{ fact: 'hasReviewers', operator: 'equal', value: true }, ...options], kind: 'path' };
    case 'requestor-profile':
      return {
        conditions: [
          { fact: 'profileFields', operator: 'contains', value: entry.profileProperty ?? 'manager' },
          ...options,
        ],
        kind: 'path',
      };
    default:
      return notModelled('baseline-jre', `approval type ${(entry as { type: string }).type}`);
  }
}

/** One json-rules-engine rule per approval entry: the rule's match conditions plus the entry's own. */
export function handWrittenRules(rules: Rule[]): RuleProperties[] {
  const out: RuleProperties[] = [];
  rules.forEach((rule, r) => {
    if (rule.disabled) return;
    const match = [...requestorConditions(rule), ...resourceConditions(rule)];
    rule.approval.forEach((entry, e) => {
      const { conditions, kind } = entryRule(entry);
      const all = [...match, ...conditions];
      // json-rules-engine needs at least one condition; `always` is a constant fact.
      const top: TopLevelCondition = {
        all: all.length > 0 ? all : [{ fact: 'always', operator: 'equal', value: true }],
      };
      out.push({ name: `${r}.${e}`, conditions: top, event: { type: kind, params: { rule: r, entry: e } } });
    });
  });
  return out;
}

function addOperators(engine: Engine): void {
  const cache = new Map<string, RegExp>();
  const re = (p: string): RegExp => {
    let x = cache.get(p);
    if (x === undefined) cache.set(p, (x = new RegExp(p)));
    return x;
  };
  engine.addOperator<unknown, string>('matches', (v, p) => typeof v === 'string' && re(p).test(v));
  engine.addOperator<unknown, string>('notMatches', (v, p) => !(typeof v === 'string' && re(p).test(v)));
}

export interface JreBaseline {
  decide(request: AccessRequest): Promise<DecisionKind>;
  ruleCount: number;
}

/**
 * One Engine holding every hand-written rule, run once per decision. Runs must be sequential: a shared
 * Engine under concurrent `run()` calls skips rules.
 */
export function createJreBaseline(rules: Rule[], onCall: Map<string, Set<string>>, reviewers: string[]): JreBaseline {
  const engine = new Engine(handWrittenRules(rules), { allowUndefinedFacts: true });
  addOperators(engine);
  // The on-call sets as the host hands them in: one array fact per schedule, and their union.
  const onCallFacts: Record<string, unknown> = { always: true, hasReviewers: reviewers.length > 0 };
  const any = new Set<string>();
  for (const [id, set] of onCall) {
    onCallFacts[`oncall:${id}`] = [...set];
    for (const e of set) any.add(e);
  }
  onCallFacts.onCallAny = [...any];
  return {
    ruleCount: handWrittenRules(rules).length,
    async decide(request) {
      const facts: Record<string, unknown> = {
        ...onCallFacts,
        email: normEmail(request.requestor.email),
        groups: (request.requestor.groups ?? []).map((g) => `${g.directory}:${g.id}`),
        service: request.resource.service,
        accessType: request.resource.accessType,
        hasReason: hasReason(request),
        hasDuration: typeof request.duration === 'string' && request.duration !== '',
        profileFields: profileFields(request),
      };
      for (const [name, attrs] of Object.entries(request.resource.attributes ?? {})) {
        for (const [key, value] of Object.entries(attrs)) facts[`attr:${name}.${key}`] = value;
      }
      const { events } = await engine.run(facts);
      const fired = { deny: false, approve: false, path: false };
      for (const ev of events) fired[ev.type as keyof typeof fired] = true;
      return outcome(fired);
    },
  };
}
