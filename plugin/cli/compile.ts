// `oncall-approval compile`: the json-rules-engine rules that routing files compile to, as JSON. A host
// adds each of `rules` to its own Engine (`engine.addRule(rule)`) after `installOnCallPlugin(engine, ...)`.
import { defaultRules } from '../engine/default-routing.js';
import { CompileError, compileRules } from '../compile/compile.js';
import { formatProblems } from '../parse/problems.js';
import { parseCommandArgs } from './args.js';
import { loadRules, rulePaths, runCommand } from './decision-input.js';
import { EXIT, type Command } from './io.js';

const usage = `Usage: oncall-approval compile [--rules FILE...]

Prints the json-rules-engine rules the routing files compile to (JSON on stdout): one rule per approval
entry, one more per entry that admits approvers, each naming the routing rule and entry it came from.
Without --rules: the default routing, with incident.io installed.

Load them into your own engine:
  installOnCallPlugin(engine, { providers: { incidentio: provider } });
  for (const rule of compiled.rules) engine.addRule(rule);

Options:
  --rules FILE...   routing files, loaded together (a directory means its *.routing.yaml files)

Exit codes: 0 compiled, 1 invalid routing files, 2 usage.`;

export const command: Command = {
  name: 'compile',
  summary: 'print the json-rules-engine rules that routing files compile to',
  usage,
  async run(argv, io) {
    return runCommand(io, 'compile', usage, async () => {
      const { values, positionals } = parseCommandArgs(argv, { rules: { type: 'string', multiple: true } });
      const rules = (await loadRules(io, await rulePaths(values.rules, positionals))) ?? defaultRules(['incidentio']);
      try {
        io.stdout(JSON.stringify(compileRules(rules), null, 2) + '\n');
      } catch (err) {
        if (!(err instanceof CompileError)) throw err;
        io.stderr(formatProblems(err.problems, 'text'));
        return EXIT.invalid;
      }
      return EXIT.ok;
    });
  },
};
