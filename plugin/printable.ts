// Text a person reads in a terminal or a log: characters that cannot be seen, or that reorder what is shown
// (control, bidi and zero-width characters), are written out as `\u{…}`, so a value quoted in a sentence can
// neither hide part of itself nor make the line read as something else.

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The text with control, format (bidi, zero-width) and line-separator characters written as `\u{…}`. */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/**
 * A thrown value as text for a sentence, at most `max` characters. Never throws, whatever was thrown: an
 * object without a prototype, an Error whose message is not text or is a getter that throws.
 */
export function errorText(err: unknown, max = 300): string {
  let text: unknown;
  try {
    text = err instanceof Error ? err.message : typeof err === 'string' ? err : String(err);
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string' || text === '') text = 'an error that cannot be shown';
  const t = text as string;
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}
