// `oncall-approval compile`: the json-rules-engine rules that routing files compile to, as JSON. A host
// adds each of `rules` to its own Engine (`engine.addRule(rule)`) after `installOnCallPlugin(engine, ...)`.
import { CompileError, compileRules, defaultRules, formatProblems } from '../index.js';
import { parseCommandArgs } from './args.js';
import { loadRules, rulePaths } from './rules-input.js';
import { loadOptionsHere } from './installed-here.js';
import { CliError, EXIT, type Command } from './io.js';
import { emitOutput } from './output.js';

const usage = `Usage: oncall-approval compile [FILE...] [--out FILE]

Prints the json-rules-engine rules the routing files compile to (JSON on stdout): one rule per approval
entry, one more per entry that admits approvers, each naming the routing rule and entry it came from.
Without routing files: the default routing, with incident.io installed.

Load them into your own engine:
  installOnCallPlugin(engine, { providers: { incidentio: provider } });
  for (const rule of compiled.rules) engine.addRule(rule);

Options:
  FILE...           routing files, loaded together (a directory means its *.routing.yaml files;
                    - reads one from standard input)
  --rules FILE...   the same as FILE... (the older spelling)
  --out FILE        write the rules to FILE instead of stdout (only once they compiled)

Exit codes: 0 compiled, 1 invalid routing files (or FILE cannot be written), 2 usage.`;

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      rules: { type: 'string', multiple: true },
      out: { type: 'string' },
    });
    const rules =
      (await loadRules(io, await rulePaths(values.rules, positionals), loadOptionsHere(io.env))) ??
      defaultRules(['incidentio']);
    let compiled;
    try {
      compiled = compileRules(rules);
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
      throw CliError.report(EXIT.invalid, formatProblems(err.problems, 'text'));
    }
    await emitOutput(JSON.stringify(compiled, null, 2) + '\n', values.out, io);
  },
};
