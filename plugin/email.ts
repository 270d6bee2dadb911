// One rule for comparing emails, used by the provider, the engine and the test runner alike: an email
// matches another when they are equal after trimming and lower-casing ASCII letters.
//
// Only ASCII is folded, on purpose: `toLowerCase()` maps some other letters onto ASCII ones (the Kelvin
// sign K becomes k), so with it `\u212Aate@example.com` would pass for kate@example.com and inherit her
// on-call shift. Two places normalising differently would be a hole of the same kind.
//
// An email holding a character nobody can see (a zero-width space, a joiner, a bidi control, any control
// character) or a space inside is no email: `alice@example.com` followed by a zero-width space looks like
// Alice's address to a reviewer but is another string to every comparison, so it would sidestep a `user`
// deny and the self-approval checks. Such text normalises to nothing, wherever it comes from (a request, an
// approver, a routing file's `uid`, a provider's answer), and nothing compares equal to nothing.

// Printable ASCII without space and without capitals: the form nearly every email arrives in, kept as is.
const CLEAN = /^[!-@[-~]+$/;

/**
 * Characters that are invisible or reorder text: controls, format characters (zero-width space and
 * joiners, bidi embeddings and isolates, the byte-order mark, the soft hyphen), lone surrogates, private use,
 * line and paragraph separators, default-ignorable code points and the blank-looking fillers.
 */
export const HIDDEN_CHARACTER =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u115F\u1160\u2800\u3164\uFFA0]/u;

/** True when the text holds a character a reader cannot see, or one that reorders what they see. */
export function hasHiddenCharacter(text: string): boolean {
  return HIDDEN_CHARACTER.test(text);
}

/** The normalised email; undefined for anything that is not a non-blank string free of hidden characters. */
export function normaliseEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (CLEAN.test(value)) return value;
  const trimmed = value.trim(); // `trim()` removes the set `\s` matches
  if (trimmed === '' || /\s/.test(trimmed) || HIDDEN_CHARACTER.test(trimmed)) return undefined;
  return trimmed.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * A name rules compare with a request's (`service`, `accessType`, an agent's `clientId` and `providerId`):
 * trimmed, ASCII letters lower-cased, as emails are. The request check and the compiler both use it, so a
 * request for `AWS ` meets a rule for `aws`, and a rule for `AWS ` one for `aws`. Only ASCII is folded, for
 * the reason given above; the same string comes back when nothing changes.
 */
export function normaliseName(text: string): string {
  const trimmed = text.trim();
  return /[A-Z]/.test(trimmed) ? trimmed.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) : trimmed;
}

/** `U+200B`: the first hidden character of a text, as messages name it; undefined when it has none. */
export function hiddenCharacterName(text: string): string | undefined {
  const m = HIDDEN_CHARACTER.exec(text);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}
