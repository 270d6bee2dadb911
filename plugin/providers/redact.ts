// Keeping an API key out of everything we print: error messages we did not write, answers a server echoes the
// key into (a user or schedule name), and whatever the command line prints. A server may change the key's case
// or URL-encode it, so those forms are caught too. Every provider and the command line use this one rule.

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Keys shorter than this are too short to tell apart from ordinary words, and no provider issues them.
const MIN_SECRET = 4;

function secretPattern(secrets: readonly (string | undefined)[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(secret.replace(/\+/g, ' '));
  }
  if (forms.size === 0) return undefined;
  // Longest first, so a key that contains another is replaced whole.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'gi');
}

/**
 * The text with every occurrence of the secrets (in any letter case, or URL-encoded) replaced by `[redacted]`.
 * Case-insensitive matching covers letters outside ASCII too: a key echoed in another case never survives.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const pattern = secretPattern(secrets);
  return pattern === undefined ? text : text.replace(pattern, '[redacted]');
}

/** `redactSecrets` for one secret. */
export function redact(text: string, secret: string | undefined): string {
  return redactSecrets(text, [secret]);
}

/**
 * A parsed JSON body with the key redacted from every string in it, keys of mappings included: names,
 * emails and team names that reach decisions, traces and command output never carry it. Returns the same
 * value when nothing held the key (the usual case).
 */
export function redactBody(body: unknown, secret: string | undefined): unknown {
  const pattern = secretPattern([secret]);
  if (pattern === undefined) return body;
  const clean = (text: string) => {
    pattern.lastIndex = 0;
    return pattern.test(text) ? text.replace(pattern, '[redacted]') : text;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return clean(value);
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = walk(value[i]);
        if (v !== value[i]) (out ??= value.slice())[i] = v;
      }
      return out ?? value;
    }
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = clean(k);
      const next = walk(v);
      if (key !== k || next !== v) changed = true;
      // Defined, not assigned: a `__proto__` key (JSON.parse makes it an own property) must stay one, not
      // become the copy's prototype, whose fields the decoders would then read as the answer's.
      Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
    return changed ? out : value;
  };
  return walk(body);
}

/** Any thrown value as one plain sentence without the key. */
export function describeError(err: unknown, secret?: string): string {
  let message: unknown;
  try {
    message = err instanceof Error ? err.message : typeof err === 'string' ? err : undefined;
  } catch {
    message = undefined; // a message that cannot be read (a getter that throws) is no message
  }
  return redact(typeof message === 'string' && message !== '' ? message : 'an unexpected error', secret);
}
