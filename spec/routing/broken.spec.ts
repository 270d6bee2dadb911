// The broken-file corpus: every file in spec/routing/broken/ must give its expected located error (code,
// line, column, message fragment), exactly one error for its one mistake, and exit code 1 from `validate`.
// Pathological inputs that should not be committed (50 MB, 10,000-deep nesting, binary bytes) are generated
// into a temporary folder. How long loading takes is measured by the bench, not asserted here.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRoutingFiles } from '../../plugin/routing/load.js';
import { runCli, spawnCli } from '../support/cli.js';

const brokenDir = fileURLToPath(new URL('./broken/', import.meta.url));

interface Expectation {
  code: string;
  line: number;
  column: number;
  message: string;
  errors?: number;
}

async function expectLocated(path: string, want: Expectation) {
  const result = await loadRoutingFiles([path]);
  const errors = result.problems.filter((p) => p.severity === 'error');
  expect(errors, 'at least one error').to.not.be.empty;
  const first = errors[0]!;
  expect(first.file).to.equal(path);
  expect(first.code).to.equal(want.code);
  expect(first.message).to.include(want.message);
  expect({ line: first.line, column: first.column }).to.deep.equal({ line: want.line, column: want.column });
  expect(first.endLine * 100000 + first.endColumn).to.be.at.least(first.line * 100000 + first.column);
  expect(errors, errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n')).to.have.length(want.errors ?? 1);
  expect(result.rules, 'no rules are handed out when a file has errors').to.be.empty;

  const cli = await runCli(['validate', path]);
  expect(cli.code).to.equal(1);
  expect(cli.stdout).to.include(`${path}:${want.line}:${want.column}: error: `);
}

describe('routing: broken files give located errors', () => {
  // Read synchronously while mocha collects tests, so that each file gets its own `it`.
  const table = JSON.parse(readFileSync(join(brokenDir, 'expected.json'), 'utf8')) as Record<string, Expectation>;
  delete (table as Record<string, unknown>).$comment;

  it('has an expectation for every corpus file, and a file for every expectation (at least 40)', async () => {
    const files = (await readdir(brokenDir)).filter((f) => f !== 'expected.json').sort();
    expect(files).to.deep.equal(Object.keys(table).sort());
    expect(files.length).to.be.at.least(40);
  });

  for (const [name, want] of Object.entries(table)) {
    it(`${name}: ${want.code} ${want.line}:${want.column} ${want.message}`, async () => {
      await expectLocated(join(brokenDir, name), want);
    });
  }

  describe('generated pathological files', () => {
    let dir = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'routing-broken-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const write = async (name: string, content: string | Uint8Array) => {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    };

    it('a 50 MB file is refused by its size, before it is read', async () => {
      const rule = '- requestor: { type: any }\n  resource: { type: any }\n  approval: [{ type: p0 }]\n';
      const path = await write('huge.routing.yaml', rule.repeat(Math.ceil((50 * 1024 * 1024) / rule.length)));
      await expectLocated(path, {
        code: 'parse.too-large',
        line: 1,
        column: 1,
        message: 'more than the 512 KiB a routing or request file may be',
      });
    });

    it('10,000-deep flow nesting is refused before the parser recurses', async () => {
      const path = await write('deep-flow.yaml', '['.repeat(10_000) + ']'.repeat(10_000) + '\n');
      await expectLocated(path, { code: 'parse.too-deep', line: 1, column: 257, message: 'nested too deeply' });
    });

    it('10,000-deep block nesting (`- - - ...`) is refused before the parser recurses', async () => {
      const path = await write('deep-block.yaml', '- '.repeat(10_000) + 'x\n');
      await expectLocated(path, { code: 'parse.too-deep', line: 1, column: 513, message: 'nested too deeply' });
    });

    it('indentation 300 levels deep is refused before the parser recurses', async () => {
      let text = '';
      for (let i = 0; i < 300; i++) text += `${' '.repeat(i)}k${i}:\n`;
      const path = await write('deep-indent.yaml', text + ' '.repeat(300) + 'x\n');
      await expectLocated(path, { code: 'parse.too-deep', line: 257, column: 261, message: 'nested too deeply' });
    });

    it('nesting past 64 levels that the pre-scan lets through is refused at the exact node', async () => {
      const path = await write('deep-65.yaml', '['.repeat(70) + ']'.repeat(70) + '\n');
      await expectLocated(path, {
        code: 'parse.too-deep',
        line: 1,
        column: 65,
        message: 'nested more than 64 levels deep',
      });
    });

    it('a list of 1,001 schedules (or any list or mapping that long inside a rule) is refused', async () => {
      const ids = Array.from({ length: 1001 }, (_, i) => `01HSCHED${String(i).padStart(18, '0')}`);
      const text = `- requestor: { type: any }\n  resource: { type: any }\n  approval:\n    - type: escalation\n      integration: incidentio\n      services: [${ids.join(', ')}]\n`;
      const path = await write('long-list.yaml', text);
      await expectLocated(path, {
        code: 'parse.too-many-entries',
        line: 6,
        column: 17,
        message: 'this list has more than 1,000 items',
      });
    });

    it('a list of 50,000 wrong rules is answered with its first mistakes, not every one', async () => {
      const path = await write('many-wrong-rules.yaml', '- x\n'.repeat(50_000));
      await expectLocated(path, {
        code: 'schema.type',
        line: 1,
        column: 3,
        message: 'this rule must be a mapping, not the text `x`',
        errors: 200,
      });
    });

    it('half a megabyte of unbalanced brackets is refused at the first one, without a storm of parser errors', async () => {
      const path = await write('brackets.yaml', '}{]['.repeat(128 * 1024));
      await expectLocated(path, {
        code: 'parse.yaml-syntax',
        line: 1,
        column: 1,
        message: '`}` closes a mapping `{` that was never opened',
      });
    });

    it('binary garbage is "not a text file", located at the first NUL byte', async () => {
      // Deterministic bytes: a linear congruential sequence, with a NUL on the second line.
      const bytes = new Uint8Array(4096);
      let x = 12345;
      for (let i = 0; i < bytes.length; i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        bytes[i] = 1 + (x % 255);
      }
      bytes.set([0x61, 0x0a, 0x62, 0x00], 0);
      const path = await write('garbage.bin', bytes);
      await expectLocated(path, { code: 'parse.binary', line: 2, column: 2, message: 'not a text file' });
    });

    it('bytes that are not UTF-8 are refused, located at the first bad byte', async () => {
      const path = await write(
        'latin1.yaml',
        Buffer.concat([Buffer.from('- name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      );
      await expectLocated(path, { code: 'parse.not-utf8', line: 1, column: 12, message: 'not a UTF-8 text file' });
    });

    it('a UTF-16 file is refused with the advice to save it as UTF-8', async () => {
      const path = await write(
        'utf16.yaml',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('- name: x\n', 'utf16le')]),
      );
      await expectLocated(path, { code: 'parse.not-utf8', line: 1, column: 1, message: 'save it as UTF-8' });
    });

    it('a control character YAML does not allow is located', async () => {
      const path = await write('bell.yaml', '- name: r\u0007\n');
      await expectLocated(path, {
        code: 'parse.control-character',
        line: 1,
        column: 10,
        message: 'control character U+0007',
      });
    });

    it('a directory given as a file is a located error, not a crash', async () => {
      const path = join(dir, 'a-folder.yaml');
      await mkdir(path);
      await expectLocated(path, { code: 'parse.unreadable', line: 1, column: 1, message: 'it is a directory' });
    });

    it('a missing file is a located error for that file (exit 1), not a crash', async () => {
      await expectLocated(join(dir, 'nope.routing.yaml'), {
        code: 'parse.unreadable',
        line: 1,
        column: 1,
        message: 'no such file',
      });
    });

    it('the real command survives 10,000-deep nesting and a billion-laughs file (exit 1, no stack trace)', async () => {
      const deep = await write('deep-for-spawn.yaml', '['.repeat(10_000) + ']'.repeat(10_000) + '\n');
      const laughs = join(brokenDir, 'billion-laughs.yaml');
      const result = await spawnCli(['validate', deep, laughs]);
      expect(result.code).to.equal(1);
      expect(result.stdout).to.include(`${deep}:1:257: error: `);
      expect(result.stdout).to.include(`${laughs}:5:36: error: `);
      expect(result.stderr).to.not.match(/\bat .*\.ts:\d+/);
    });
  });
});
