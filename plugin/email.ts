// One rule for comparing emails, used by the provider, the engine and the test runner alike: an email
// matches another when they are equal after trimming and lower-casing ASCII letters.
//
// Only ASCII is folded, on purpose: `toLowerCase()` maps some other letters onto ASCII ones (the Kelvin
// sign K becomes k), so with it `\u212Aate@example.com` would pass for kate@example.com and inherit her
// on-call shift. Two places normalising differently would be a hole of the same kind.

const NEEDS_NORMALISING = /^\s|\s$|[A-Z]/;

/** The normalised email; undefined for anything that is not a non-blank string. */
export function normaliseEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Most emails arrive normalised already (the provider's, the request's after its check): no copy then.
  // `\s` is the set `trim()` removes.
  if (!NEEDS_NORMALISING.test(value)) return value === '' ? undefined : value;
  const email = value.trim().replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  return email === '' ? undefined : email;
}
