// The loose decoding every provider's answers go through: unknown fields are ignored, but a field we rely on
// that is missing or of the wrong type is a ShapeError (which the HTTP client reports as a `shape` failure),
// never a crash and never a silent guess. `where` names the field in the error, e.g. `schedules[3].id`.

export class ShapeError extends Error {
  override name = 'ShapeError';
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function object(v: unknown, where: string): Json {
  if (!isObject(v)) throw new ShapeError(`${where} is not an object`);
  return v;
}

export function list(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(`${where} is not a list`);
  return v;
}

export function string(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new ShapeError(`${where} is not a string`);
  return v;
}

export function optionalString(v: unknown, where: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  return string(v, where);
}
