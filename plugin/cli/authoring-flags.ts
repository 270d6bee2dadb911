// The CLI side of the authoring flags that live in other commands' files: `validate --online` and
// `schema --with-schedules`. Each command loads this file only when its flag is given (it brings the
// incident.io client) and calls one function here, so its own file keeps only the flag and a line of wiring.
import {
  accountSchedules,
  checkSchedulesOnline,
  createIncidentIoClient,
  describeError,
  onlineSettings,
  ROUTING_SCHEMA_ID,
  routingSchema,
  scheduleAwareSchema,
  type IncidentIoSettings,
  type JsonSchema,
  type Problem,
} from '../index.js';
import { CliError, EXIT, type CliIo } from './io.js';

/** The incident.io settings from the environment, or a usage failure (exit 2) naming the variables. */
function settingsFor(io: CliIo, subject: string): IncidentIoSettings {
  const settings = onlineSettings(io.env, io.fetch);
  if (typeof settings === 'string') throw new CliError(EXIT.usage, settings, 'sentence', subject);
  return settings;
}

/**
 * `validate --online`, after the files loaded without errors: the unknown schedule IDs as problems. Fails
 * with exit 2 without an API key and 3 when incident.io could not answer: "could not check" never passes.
 */
export async function validateOnline(paths: readonly string[], io: CliIo): Promise<Problem[]> {
  const subject = 'validate --online';
  const result = await checkSchedulesOnline(paths, settingsFor(io, subject));
  if (!result.ok) throw new CliError(EXIT.unavailable, result.message, 'sentence', subject);
  io.stderr(
    `checked ${result.checked} schedule ID${result.checked === 1 ? '' : 's'} against ${result.schedules} schedule${result.schedules === 1 ? '' : 's'} in the incident.io account\n`,
  );
  return result.problems;
}

/** `schema --with-schedules`: the routing schema with the account's schedules and how many there are. */
export async function schemaWithSchedules(io: CliIo): Promise<{ schema: JsonSchema; count: number }> {
  const subject = 'schema --with-schedules';
  const settings = settingsFor(io, subject);
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
    throw new CliError(
      EXIT.unavailable,
      `could not read the schedules from incident.io: ${describeError(err, settings.apiKey)}`,
      'sentence',
      subject,
    );
  }
}
