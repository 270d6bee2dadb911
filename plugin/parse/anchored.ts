// What both YAML readers (the full one and the fast path) keep of an anchor: its converted value, copied for
// each alias so no two places in the result share an object, with what a copy costs against the alias budget.

/** A converted anchored value, kept so that each alias to it costs a copy, not a second conversion. */
export interface Anchored {
  value: unknown;
  /** Values it holds (itself included), aliases within it expanded: what one more copy adds to the count. */
  count: number;
  /** Levels of lists and mappings in it (0 for a scalar). */
  height: number;
}

/** A fresh copy of converted data, so that no two places in the result share an object. */
export function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
