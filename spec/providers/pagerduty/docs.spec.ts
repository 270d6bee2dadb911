// docs/pagerduty.md cannot drift from what the package does: its TypeScript example runs offline (against
// the simulator it starts), importing 'oncall-approval' through support/public-api.ts, and every `// → TEXT`
// it promises must be a line it printed.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { expect } from 'chai';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const DOC = join(repoRoot, 'docs', 'pagerduty.md');

function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]!);
}

function run(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.PAGERDUTY_API_KEY; // an example must not reach a real account by accident
  delete env.PAGERDUTY_BASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  }).finally(() => clearTimeout(timer));
}

describe('docs/pagerduty.md', () => {
  const text = readFileSync(DOC, 'utf8');

  it('has one TypeScript example, and it runs offline printing what it promises', async () => {
    const examples = blocks(text, 'ts');
    expect(examples).to.have.length(1);
    const source = examples[0]!.replace(/from 'oncall-approval'/g, "from './support/public-api.js'");
    const promised = [...source.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]!.trimEnd());
    expect(promised.length).to.be.greaterThan(0);
    const file = join(here, '.tmp-docs-example.ts');
    writeFileSync(file, source);
    try {
      const { code, stdout, stderr } = await run(file);
      expect(code, stderr).to.equal(0);
      const lines = stdout.split('\n').map((l) => l.trimEnd());
      for (const line of promised) expect(lines, `promised output: ${line}\n${stdout}`).to.include(line);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('names the environment variables and the sources it cites', () => {
    for (const name of ['PAGERDUTY_API_KEY', 'PAGERDUTY_BASE_URL']) expect(text).to.include(`\`${name}\``);
    const cited = new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
    const listed = [...text.split('## Sources')[1]!.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
    expect([...cited].sort((a, b) => a - b)).to.deep.equal(listed);
  });
});
