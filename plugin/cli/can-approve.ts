// `oncall-approval can-approve`: may this person approve this request now? The host's directory knows the
// approver's groups, so they come in as --approver-group DIRECTORY:ID.
import { parseCommandArgs } from './args.js';
import { canApproveText } from './decision-text.js';
import type { Approver, DirectoryGroup } from '../index.js';
import { DECISION_OPTIONS, onCallFailures, parseFormat, setUp, SHARED_USAGE } from './decision-input.js';
import { ANSWER_EXIT, CliError, type Command } from './io.js';

const DIRECTORIES = ['workspace', 'okta', 'azure-ad', 'entra-id'];

const usage = `Usage: oncall-approval can-approve [FILE...] --request FILE|- --approver EMAIL
                                   [--approver-group DIRECTORY:ID]... [--now ISO] [--reviewers a@x,b@y]
                                   [--schedules FILE] [--schedule-allow-list IDS]
                                   [--break-glass-approvers a@x,b@y] [--format json|text] [--trace] [--exit-code]

Says whether the approver may approve the request now, which rule and entry admit them, or why none does:
escalation (on call now for one of the entry's schedules), group, p0 (a security reviewer) or
requestor-profile (the requestor's manager), never the requestor themself unless allowOneParty.

Options:
  --approver EMAIL               who wants to approve
  --approver-group DIR:ID        a directory group of the approver (repeatable), DIR one of ${DIRECTORIES.join(', ')}
${SHARED_USAGE}

Exit codes: 0 answered (allowed or not), 1 invalid rules or request, 2 usage or no on-call data. A provider
that cannot be asked is no failure of the command: the answer says so and is never "allowed" on it (exit 0, or
7 with --exit-code). With --exit-code: 0 allowed, 6 not allowed, 7 not allowed while on-call data was missing
(a lookup failed).`;

function parseGroups(values: string[] | undefined): DirectoryGroup[] {
  return (values ?? []).map((v) => {
    const at = v.indexOf(':');
    const directory = at > 0 ? v.slice(0, at) : '';
    const id = at > 0 ? v.slice(at + 1) : '';
    if (!DIRECTORIES.includes(directory) || id === '') {
      throw CliError.usage(
        `--approver-group must be DIRECTORY:ID with DIRECTORY one of ${DIRECTORIES.join(', ')}; got '${v}'`,
      );
    }
    return { directory: directory as DirectoryGroup['directory'], id };
  });
}

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...DECISION_OPTIONS,
      approver: { type: 'string' },
      'approver-group': { type: 'string', multiple: true },
    });
    const format = parseFormat(values.format);
    const email = values.approver?.trim();
    if (!email) throw CliError.usage('--approver EMAIL is required');
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw CliError.usage(`--approver: '${email}' is not an email address`);
    const groups = parseGroups(values['approver-group']);
    const approver: Approver = { email, ...(groups.length ? { groups } : {}) };
    const { engine, request, now, unconfigured } = await setUp(io, values, positionals);
    const result = await engine.canApprove(request, approver, { now, signal: io.signal });
    const failures = onCallFailures(result.trace);
    io.stdout(
      format === 'json'
        ? JSON.stringify(result, null, 2) + '\n'
        : canApproveText(result, request, values.trace === true, failures, unconfigured),
    );
    if (values['exit-code'] !== true) return;
    if (result.allowed) return ANSWER_EXIT.allowed;
    return failures.length ? ANSWER_EXIT.onCallUnavailable : ANSWER_EXIT.notAllowed;
  },
};
