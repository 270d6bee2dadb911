// `oncall-approval schema`: prints the routing JSON Schema, the same one the validator uses and
// schemas/routing.schema.json holds (regenerate that file with
// `oncall-approval schema --out schemas/routing.schema.json`).
import { routingSchema, type JsonSchema } from '../index.js';
import { parseCommandArgs } from './args.js';
import { CliError, type Command } from './io.js';
import { emitOutput } from './output.js';

const usage = `Usage: oncall-approval schema [--with-schedules] [--out FILE]

Prints the JSON Schema (draft-07) of routing files on stdout. Point an editor at it to get completion,
descriptions and errors while writing rules (see the README), or save it:
  oncall-approval schema --out routing.schema.json

Options:
  --with-schedules  enumerate the accounts' IDs for \`services\`: the incident.io account's schedules
                    (incidentio entries, each with its name and time zone; needs INCIDENT_IO_API_KEY) and
                    the PagerDuty account's services (pagerduty entries, each with its escalation policy;
                    needs PAGERDUTY_API_KEY), each when its key is set, so the editor offers a pick list
                    and flags unknown IDs (INCIDENT_IO_BASE_URL, PAGERDUTY_BASE_URL for other endpoints).
                    Run it again when schedules or services change.
  --out FILE        write the schema to FILE instead of stdout

Exit status: 0 written, 1 FILE cannot be written, 2 usage (no key set for --with-schedules), 3 incident.io
or PagerDuty could not be asked.
`;

/** The schema as printed: two-space JSON with a final newline (the form of schemas/routing.schema.json). */
export function schemaText(schema: JsonSchema = routingSchema()): string {
  return JSON.stringify(schema, null, 2) + '\n';
}

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      'with-schedules': { type: 'boolean' },
      out: { type: 'string' },
    });
    if (positionals.length) throw CliError.usage(`schema takes no arguments (got '${positionals[0]}')`);
    if (values['with-schedules']) {
      const { schemaWithSchedules } = await import('./authoring-flags.js');
      const made = await schemaWithSchedules(io);
      const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
      // PagerDuty services are not schedules: each kind is counted under its own name once both are there.
      const parts: string[] = [];
      if (made.schedules !== undefined)
        parts.push(n(made.schedules, made.services === undefined ? 'schedule' : 'incident.io schedule'));
      if (made.services !== undefined) parts.push(n(made.services, 'PagerDuty service'));
      const note = ` (${parts.join(', ')})`;
      return emitOutput(schemaText(made.schema), values.out, io, note);
    }
    return emitOutput(schemaText(), values.out, io);
  },
};
