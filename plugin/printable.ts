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
