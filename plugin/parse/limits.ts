// Bounds on what an input may cost to read. They are checked before the input can hurt the process: size
// before reading, nesting before the YAML parser recurses, alias expansion while converting. A real routing
// file is a few kilobytes, a handful of levels deep, with a few hundred values; the bounds are far above that
// and far below what would make reading slow or exhaust memory. Schedules files hold months of shifts, so
// their bounds are wider.

export interface SourceLimits {
  /**
   * Largest input accepted, in bytes (UTF-8). Default 512 KiB (about 1,500 rules). The YAML parser reads
   * about a megabyte a second at worst, so this keeps reading any accepted input well under a second.
   */
  maxBytes: number;
  /** Deepest nesting of lists and mappings accepted. Default 64. */
  maxDepth: number;
  /** Most values a document may hold once YAML aliases are expanded. Default 100,000 (a 1,500-rule file holds ~40,000). */
  maxValues: number;
  /**
   * Most items in one list or keys in one mapping, except the lists the input kind expects to be long (the
   * list of rules). Default 1,000. (Also keeps schema validation linear: see ajv.ts.)
   */
  maxEntries: number;
}

export const DEFAULT_LIMITS: SourceLimits = {
  maxBytes: 512 * 1024,
  maxDepth: 64,
  maxValues: 100_000,
  maxEntries: 1000,
};

/**
 * A schedules file lists every shift of every schedule it holds: a quarter of hourly shifts for a dozen
 * schedules is about 26,000 entries, 3 MiB of YAML and 250,000 values. It is not validated by a JSON Schema,
 * so a long list costs nothing more than its length.
 */
export const SCHEDULES_LIMITS: SourceLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxDepth: 64,
  maxValues: 1_000_000,
  maxEntries: 100_000,
};

/**
 * The cheap pre-scan's bound on indentation plus brackets, which guards the YAML parser itself (it recurses
 * once per level and overflows the stack somewhere past 1,500). The scan over-estimates depth (it counts
 * columns of indentation), so this is looser than `maxDepth`, which is checked exactly after parsing.
 */
export const PRESCAN_DEPTH = 256;

export function resolveLimits(partial: Partial<SourceLimits> = {}, base: SourceLimits = DEFAULT_LIMITS): SourceLimits {
  return { ...base, ...partial };
}
