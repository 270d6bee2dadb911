// P0's other spellings of the routing language, turned once into the one internal form. P0 publishes the
// same rules in several shapes: its routing API's `WorkflowConfig` (`{id, createdDate, rules}`), the
// `{workflow: {rules, version}}` document of its policy endpoint, snake_case names (its API reference and its
// terraform provider write `allow_one_party`, `profile_property`, `access_type`), and an earlier flat group
// (`{type: group, id, label, directory}`). The JSON Schema accepts them all, so editors do not flag a file
// P0 exported; after the schema has passed, this module rewrites each rule into the canonical spelling, so
// compile and decide see one form. Every alias used is reported as a warning naming the canonical spelling,
// and the index learns where each canonical value was written, so later problems still point at the text.
// docs/p0.md says where P0 shows each shape.
import { pointerSegment, type NodeIndex } from '../parse/positions.js';
import type { Problem, Rule } from './types.js';

/** Which document shape a routing file was read as. */
export type DocumentForm =
  /** A list of rules (P0's request-routing page). */
  | 'list'
  /** `{ $schema?, rules }`: this package's mapping form. */
  | 'rules'
  /** `{ id, createdDate, rules }`: the routing API's WorkflowConfig. */
  | 'workflow-config'
  /** `{ workflow: { rules, version } }`: the policy endpoint's document (terraform provider). */
  | 'workflow';

export const DOCUMENT_FORMS: readonly DocumentForm[] = ['list', 'rules', 'workflow-config', 'workflow'];

/** snake_case names P0 writes, by the canonical name they stand for, per place. */
export const OPTION_ALIASES: Readonly<Record<string, string>> = {
  allow_one_party: 'allowOneParty',
  require_reason: 'requireReason',
  require_duration: 'requireDuration',
  require_preapproval: 'requirePreapproval',
  break_glass_approver: 'breakGlassApprover',
};
export const ENTRY_ALIASES: Readonly<Record<string, string>> = { profile_property: 'profileProperty' };
export const RESOURCE_ALIASES: Readonly<Record<string, string>> = { access_type: 'accessType' };
export const AGENT_ALIASES: Readonly<Record<string, string>> = {
  client_id: 'clientId',
  provider_id: 'providerId',
  subject_pattern: 'subjectPattern',
};
/** Agent types P0 still accepts under an older name. */
export const AGENT_TYPE_ALIASES: Readonly<Record<string, string>> = { 'mcp-client': 'agent-client' };
/** The keys of P0's earlier flat group (`{type: group, id, label, directory}`). */
export const FLAT_GROUP_KEYS = ['id', 'label', 'directory'] as const;

/** Where the rules of a document are, and which shape it has. The document already passed the shape schema. */
export function documentRules(data: unknown): { form: DocumentForm; list: unknown[]; base: string } {
  if (Array.isArray(data)) return { form: 'list', list: data, base: '' };
  const doc = data as Record<string, unknown>;
  if (Object.hasOwn(doc, 'workflow')) {
    return { form: 'workflow', list: (doc.workflow as { rules: unknown[] }).rules, base: '/workflow/rules' };
  }
  const form = Object.hasOwn(doc, 'id') || Object.hasOwn(doc, 'createdDate') ? 'workflow-config' : 'rules';
  return { form, list: doc.rules as unknown[], base: '/rules' };
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rewrites one rule (already valid against the schema) into the canonical form. */
export class Normaliser {
  readonly problems: Problem[] = [];

  constructor(private readonly index: NodeIndex) {}

  rule(raw: unknown, at: string): Rule {
    const rule = { ...(raw as Obj) };
    rule.requestor = this.requestor(rule.requestor as Obj, `${at}/requestor`);
    rule.resource = this.renamed(rule.resource as Obj, `${at}/resource`, RESOURCE_ALIASES, 'resource');
    rule.approval = (rule.approval as Obj[]).map((entry, i) => this.entry(entry, `${at}/approval/${i}`));
    return rule as unknown as Rule;
  }

  private requestor(raw: Obj, at: string): Obj {
    const requestor = this.flatGroup(raw, at, 'requestor');
    if (requestor.type !== 'agentic') return requestor;
    const agent = this.renamed(requestor.agent as Obj, `${at}/agent`, AGENT_ALIASES, 'agent');
    const alias = typeof agent.type === 'string' ? AGENT_TYPE_ALIASES[agent.type] : undefined;
    if (alias !== undefined) {
      this.warn(`${at}/agent/type`, `agent type \`${String(agent.type)}\` is P0's older name for \`${alias}\``);
      agent.type = alias;
    }
    return { ...requestor, agent, user: this.flatGroup(requestor.user as Obj, `${at}/user`, 'agentic user') };
  }

  private entry(raw: Obj, at: string): Obj {
    let entry = this.renamed(raw, at, ENTRY_ALIASES, 'approval entry');
    if (entry.type === 'group') entry = this.flatGroup(entry, at, 'approval group');
    if (isObj(entry.options)) entry.options = this.renamed(entry.options, `${at}/options`, OPTION_ALIASES, 'option');
    return entry;
  }

  /** `{type: group, id, label, directory}` → `{type: group, groups: [{id, label, directory}], effect: keep}`. */
  private flatGroup(raw: Obj, at: string, what: string): Obj {
    if (raw.type !== 'group' || !Object.hasOwn(raw, 'id')) return { ...raw };
    const out: Obj = {};
    const group: Obj = {};
    for (const [key, value] of Object.entries(raw)) {
      if ((FLAT_GROUP_KEYS as readonly string[]).includes(key)) group[key] = value;
      else out[key] = value;
    }
    if (Object.hasOwn(raw, 'groups')) {
      this.error(
        `${at}/id`,
        'routing.p0-alias-conflict',
        `this ${what} has both \`groups\` and P0's flat \`id\`: give the group once, as \`groups: [{id, label, directory}]\``,
      );
      return out;
    }
    out.groups = [group];
    out.effect ??= 'keep';
    // The canonical values are written where the flat keys are.
    this.index.set(`${at}/groups`, this.index.nearest(at));
    this.index.set(`${at}/groups/0`, this.index.nearest(at));
    for (const key of FLAT_GROUP_KEYS) {
      const entry = this.index.get(`${at}/${key}`);
      if (entry) this.index.set(`${at}/groups/0/${key}`, entry);
    }
    this.warn(
      `${at}/id`,
      `P0's flat group: the canonical spelling is \`groups: [{ id: ${JSON.stringify(group.id)}, directory: ${JSON.stringify(group.directory)} }]\` with \`effect: keep\``,
    );
    return out;
  }

  /** A copy of `raw` with each alias key under its canonical name. */
  private renamed(raw: Obj, at: string, aliases: Readonly<Record<string, string>>, what: string): Obj {
    const out: Obj = {};
    for (const [key, value] of Object.entries(raw)) {
      const canonical = Object.hasOwn(aliases, key) ? aliases[key]! : undefined;
      if (canonical === undefined) {
        if (!Object.hasOwn(out, key)) out[key] = value;
        continue;
      }
      const keyAt = `${at}/${pointerSegment(key)}`;
      if (Object.hasOwn(raw, canonical)) {
        this.error(
          keyAt,
          'routing.p0-alias-conflict',
          `\`${key}\` and \`${canonical}\` are the same ${what}, given twice: keep \`${canonical}\``,
        );
        continue;
      }
      out[canonical] = value;
      const entry = this.index.get(keyAt);
      if (entry) this.index.set(`${at}/${canonical}`, entry);
      this.warn(keyAt, `\`${key}\` is P0's snake_case spelling; the canonical spelling is \`${canonical}\``);
    }
    return out;
  }

  private warn(pointer: string, message: string): void {
    this.problems.push(this.index.problem(pointer, 'warning', 'routing.p0-alias', message, 'key'));
  }

  private error(pointer: string, code: 'routing.p0-alias-conflict', message: string): void {
    this.problems.push(this.index.problem(pointer, 'error', code, message, 'key'));
  }
}
