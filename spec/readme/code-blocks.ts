// The fenced code blocks of a markdown file, with where they are: the README's examples, as
// spec/readme.spec.ts runs them. Fences indented inside list items lose that indentation.

export interface CodeBlock {
  /** The fence's info string (`sh`, `console`, `ts`...); '' for an untagged fence. */
  lang: string;
  /** The content lines, without the fence's indentation. */
  lines: string[];
  /** The content as a file would hold it: the lines, each ending in a newline. */
  text: string;
  /** 1-based line of the opening fence in the markdown file. */
  line: number;
  /** The nearest `## ` heading above the block ('' before the first). */
  section: string;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.*)$/.exec(lines[i]!);
    if (heading) section = heading[1]!.trim();
    const open = /^(\s*)```\s*([\w-]*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i;
    const content: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) content.push(lines[i]!.slice(indent));
    if (i >= lines.length) throw new Error(`README.md:${start + 1}: a code fence is never closed`);
    blocks.push({
      lang: open[2]!,
      lines: content,
      text: content.map((l) => `${l}\n`).join(''),
      line: start + 1,
      section,
    });
  }
  return blocks;
}
