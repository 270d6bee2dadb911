// `oncall-approval evaluate`: decide one request and print the decision: JSON for scripts and audit logs,
// or text for people. Any decision exits 0; invalid rules or request exit 1; usage exits 2.
import { parseCommandArgs } from './args.js';
import { decisionText } from './decision-text.js';
import { DECISION_OPTIONS, onCallFailures, parseFormat, setUp, SHARED_USAGE } from './decision-input.js';
import { ANSWER_EXIT, type AnswerExit, type Command } from './io.js';

const usage = `Usage: oncall-approval evaluate [FILE...] --request FILE|- [--now ISO] [--reviewers a@x,b@y]
                                [--schedules FILE] [--schedule-allow-list IDS]
                                [--break-glass-approvers a@x,b@y] [--format json|text] [--trace] [--exit-code]

Decides one access request: approved (with how long), pending (with every open approval path and who may
approve now), or denied, with the reasons and a trace of every rule's conditions and on-call lookups.

Options:
${SHARED_USAGE}

Example:
  oncall-approval evaluate rules/production-guarded/production-guarded.routing.yaml \\
    --request rules/production-guarded/requests/staging-on-call.json --schedules rules/oncall.example.yaml \\
    --now 2026-11-26T08:00:00Z --format text

Exit codes: 0 a decision (approved, pending or denied), 1 invalid rules or request, 2 usage or no on-call data.
A provider that cannot be asked is no failure of the command: the decision says so and is never approved on
it (exit 0, or 7 with --exit-code). With --exit-code: 0 approved, 4 pending, 5 denied, 7 not approved while
on-call data was missing (a lookup failed: the answer may change once the provider answers).`;

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, DECISION_OPTIONS);
    const format = parseFormat(values.format);
    const { engine, request, now, unconfigured } = await setUp(io, values, positionals);
    const decision = await engine.decide(request, { now, signal: io.signal });
    const failures = onCallFailures(decision.trace);
    io.stdout(
      format === 'json'
        ? JSON.stringify(decision, null, 2) + '\n'
        : decisionText(decision, request, values.trace === true, failures, unconfigured),
    );
    if (values['exit-code'] !== true) return;
    return answerExit(decision.decision, failures.length > 0);
  },
};

/** `--exit-code`: an approval is an approval; anything else reached without some on-call data says so. */
export function answerExit(decision: 'approved' | 'pending' | 'denied', onCallMissing: boolean): AnswerExit {
  if (decision === 'approved') return ANSWER_EXIT.approved;
  if (onCallMissing) return ANSWER_EXIT.onCallUnavailable;
  return decision === 'pending' ? ANSWER_EXIT.pending : ANSWER_EXIT.denied;
}
