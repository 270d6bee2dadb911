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
  --with-schedules  enumerate the incident.io account's schedules for \`services\` of incidentio entries,
                    each with its name and time zone, so the editor offers a pick list and flags unknown
                    IDs (needs INCIDENT_IO_API_KEY; INCIDENT_IO_BASE_URL for another endpoint). Run it
                    again when schedules change.
  --out FILE        write the schema to FILE instead of stdout

Exit status: 0 written, 1 FILE cannot be written, 2 usage, 3 incident.io could not be asked.
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
      const note = ` (${made.count} schedule${made.count === 1 ? '' : 's'})`;
      return emitOutput(schemaText(made.schema), values.out, io, note);
    }
    return emitOutput(schemaText(), values.out, io);
  },
};
