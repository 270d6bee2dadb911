// The fenced code blocks of a markdown file, with where they are: the examples of README.md and docs/*.md, as
// spec/readme.spec.ts runs them. Fences indented inside list items lose that indentation.
//
// A fence's info string is a language and optional words after it, which tell the spec more about the block:
//   ```ts file=spec/engine/host-example.ts   the block is that file, character for character
//   ```yaml fragment                          a piece of a routing file: parsed as YAML, not loaded as rules
//   ```console exit=1                         the exit code of the block's commands

export interface CodeBlock {
  /** The markdown file, relative to the repository (`README.md`, `docs/cli.md`). */
  file: string;
  /** The fence's language (`sh`, `console`, `ts`...); '' for an untagged fence. */
  lang: string;
  /** The words after the language: `file=PATH` gives `{ file: 'PATH' }`, a bare word `{ word: true }`. */
  attrs: Record<string, string | true>;
  /** The content lines, without the fence's indentation. */
  lines: string[];
  /** The content as a file would hold it: the lines, each ending in a newline. */
  text: string;
  /** 1-based line of the opening fence in the markdown file. */
  line: number;
  /** `FILE:LINE` of the opening fence, for messages and test titles. */
  where: string;
  /** The nearest heading above the block, of any level ('' before the first). */
  section: string;
}

function infoAttrs(words: string): Record<string, string | true> {
  const attrs: Record<string, string | true> = {};
  for (const word of words.split(/\s+/).filter(Boolean)) {
    const at = word.indexOf('=');
    if (at > 0) attrs[word.slice(0, at)] = word.slice(at + 1);
    else attrs[word] = true;
  }
  return attrs;
}

export function codeBlocks(markdown: string, file = 'README.md'): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6} (.*)$/.exec(lines[i]!);
    if (heading) section = heading[1]!.trim();
    const open = /^(\s*)```\s*([\w-]*)((?:\s+[\w.-]+(?:=\S+)?)*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i;
    const content: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) content.push(lines[i]!.slice(indent));
    if (i >= lines.length) throw new Error(`${file}:${start + 1}: a code fence is never closed`);
    blocks.push({
      file,
      lang: open[2]!,
      attrs: infoAttrs(open[3]!),
      lines: content,
      text: content.map((l) => `${l}\n`).join(''),
      line: start + 1,
      where: `${file}:${start + 1}`,
      section,
    });
  }
  return blocks;
}
