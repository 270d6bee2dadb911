// `oncall-approval evaluate`: decide one request and print the decision: JSON for scripts and audit logs,
// or text for people. Any decision exits 0; invalid rules or request exit 1; usage exits 2.
import { parseCommandArgs } from './args.js';
import { decisionText } from './decision-text.js';
import { DECISION_OPTIONS, parseFormat, setUp, SHARED_USAGE } from './decision-input.js';
import type { Command } from './io.js';

const usage = `Usage: oncall-approval evaluate [--rules FILE...] --request FILE|- [--now ISO] [--reviewers a@x,b@y]
                                [--schedules FILE] [--schedule-allow-list IDS]
                                [--break-glass-approvers a@x,b@y] [--format json|text] [--trace]

Decides one access request: approved (with how long), pending (with every open approval path and who may
approve now), or denied, with the reasons and a trace of every rule's conditions and on-call lookups.

Options:
${SHARED_USAGE}

Example:
  oncall-approval evaluate --rules rules/production-guarded.routing.yaml \\
    --request rules/requests/staging-on-call.json --schedules rules/oncall.example.yaml \\
    --now 2026-11-26T08:00:00Z --format text

Exit codes: 0 a decision (approved, pending or denied), 1 invalid rules or request, 2 usage or no on-call data.`;

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, DECISION_OPTIONS);
    const format = parseFormat(values.format);
    const { engine, request, now, unconfigured } = await setUp(io, values, positionals);
    const decision = await engine.decide(request, { now });
    io.stdout(
      format === 'json'
        ? JSON.stringify(decision, null, 2) + '\n'
        : decisionText(decision, request, values.trace === true, unconfigured),
    );
  },
};
