// Lets a test file reuse the loaders of routing files, requests and schedules files on a part of itself,
// with every problem still placed at its true line and column in the test file: the part is kept where it
// stands and everything around it is blanked (newlines kept), so offsets, lines and columns do not move.
// YAML reads an indented node surrounded by blank lines as the whole document.

/** `text` with everything outside [start, end) replaced by spaces, line breaks kept. */
export function isolate(text: string, start: number, end: number): string {
  const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}
