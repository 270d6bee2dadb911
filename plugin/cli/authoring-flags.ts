// The CLI side of the authoring flags that live in other commands' files: `validate --online` and
// `schema --with-schedules [--out FILE]`. Each command calls one function here, so its own file keeps only
// the flag and a line of wiring.
import { writeFile } from 'node:fs/promises';
import { createIncidentIoClient } from '../providers/incidentio/client.js';
import { describeError } from '../providers/incidentio/errors.js';
import type { Problem } from '../routing/types.js';
import { ROUTING_SCHEMA_ID, routingSchema, type JsonSchema } from '../routing/schema.js';
import { EXIT, type CliIo } from './io.js';
import { accountSchedules, checkSchedulesOnline, onlineSettings } from '../authoring/online-check.js';
import { scheduleAwareSchema } from '../authoring/schedule-schema.js';

/**
 * `validate --online`, after the files loaded without errors: the unknown schedule IDs as problems, or an
 * exit code (2 without an API key, 3 when incident.io could not answer) with the reason already printed.
 */
export async function validateOnline(
  paths: readonly string[],
  io: CliIo,
): Promise<{ problems: Problem[] } | { exit: number }> {
  const settings = onlineSettings(io.env, io.fetch);
  if (typeof settings === 'string') {
    io.stderr(`oncall-approval validate --online: ${settings}\n`);
    return { exit: EXIT.usage };
  }
  const result = await checkSchedulesOnline(paths, settings);
  if (!result.ok) {
    io.stderr(`oncall-approval validate --online: ${result.message}\n`);
    return { exit: EXIT.api };
  }
  io.stderr(
    `checked ${result.checked} schedule ID${result.checked === 1 ? '' : 's'} against ${result.schedules} schedule${result.schedules === 1 ? '' : 's'} in the incident.io account\n`,
  );
  return { problems: result.problems };
}

/** `schema --with-schedules`: the routing schema with the account's schedules, or an exit code. */
export async function schemaWithSchedules(
  io: CliIo,
): Promise<{ schema: JsonSchema; count: number } | { exit: number }> {
  const settings = onlineSettings(io.env, io.fetch);
  if (typeof settings === 'string') {
    io.stderr(`oncall-approval schema --with-schedules: ${settings}\n`);
    return { exit: EXIT.usage };
  }
  try {
    const client = createIncidentIoClient(settings);
    const schedules = await accountSchedules(client);
    const schema = scheduleAwareSchema(schedules, {
      base: routingSchema(),
      generatedAt: io.now(),
      source: 'incident.io',
    }) as Record<string, unknown>;
    // Its own identity: an editor that has both schemas loaded must not take one for the other.
    schema.$id = `${ROUTING_SCHEMA_ID}:with-schedules`;
    return { schema: schema as JsonSchema, count: schedules.length };
  } catch (err) {
    io.stderr(
      `oncall-approval schema --with-schedules: could not read the schedules from incident.io: ${describeError(err, settings.apiKey)}\n`,
    );
    return { exit: EXIT.api };
  }
}

/** Writes a schema to `--out FILE` (or stdout when there is none). */
export async function emitSchema(text: string, out: string | undefined, io: CliIo, note = ''): Promise<number> {
  if (out === undefined) {
    io.stdout(text);
    return EXIT.ok;
  }
  try {
    await writeFile(out, text, 'utf8');
  } catch (err) {
    io.stderr(
      `oncall-approval schema: cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`,
    );
    return EXIT.invalid;
  }
  io.stderr(`wrote ${out}${note}\n`);
  return EXIT.ok;
}
