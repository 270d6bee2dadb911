// The one reader: every input kind (routing file, request, test file, schedules file) is read by it, so each
// refuses the same things with the same codes, its own noun in the sentence, and at the same place, whether
// it comes from a file or as bytes (standard input).
import { expect } from 'chai';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTestFile } from '../../plugin/authoring/test-file.js';
import { REQUEST_INPUT, ROUTING_INPUT } from '../../plugin/parse/kinds.js';
import type { Problem } from '../../plugin/parse/problems.js';
import { readDocument, readDocumentFile, readTextFile } from '../../plugin/parse/reader.js';
import { firstInvalidUtf8 } from '../../plugin/parse/text.js';
import {
  loadSchedulesFile,
  parseSchedulesText,
  SchedulesFileError,
} from '../../plugin/providers/local/schedules-file.js';
import { checkRequestDocument, parseRequest } from '../../plugin/request/parse.js';
import { loadRoutingFiles, loadRoutingText } from '../../plugin/routing/load.js';

interface Kind {
  noun: string;
  /** A valid document of the kind, as YAML text. */
  valid: string;
  /** The same with a merge key; where the `<<` is written (line:column). */
  merged: { text: string; at: string };
  /** Reads a file of this kind through the package's own entry point. */
  fromFile(path: string): Promise<Problem[]>;
  /** Reads bytes of this kind, for the kinds that can be given as bytes. */
  fromBytes?(bytes: Uint8Array, file: string): Problem[];
}

const brief = (ps: Problem[]) => ps.map((p) => `${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`);

const KINDS: Kind[] = [
  {
    noun: 'routing file',
    valid: '- requestor: { type: any }\n  resource: { type: any }\n  approval: [{ type: p0 }]\n',
    merged: {
      text: '- requestor: { type: any }\n  resource: { type: any }\n  approval:\n    - <<: { type: p0 }\n',
      at: '4:7',
    },
    fromFile: async (path) => (await loadRoutingFiles([path])).problems,
    fromBytes: (bytes, file) => loadRoutingText(bytes, file).problems,
  },
  {
    noun: 'request',
    valid: 'requestor: { email: a@example.com }\nresource: { service: aws }\n',
    merged: { text: 'requestor:\n  <<: { email: a@example.com }\nresource: { service: aws }\n', at: '2:3' },
    fromFile: async (path) => checkRequestDocument(await readDocumentFile(path, REQUEST_INPUT)).problems,
    fromBytes: (bytes, file) => parseRequest(bytes, file).problems,
  },
  {
    noun: 'test file',
    valid:
      'rules: [{ requestor: { type: any }, resource: { type: any }, approval: [{ type: p0 }] }]\ncases:\n  - name: a\n    now: 2026-11-26T08:00:00Z\n    request: { requestor: { email: a@example.com }, resource: { service: aws } }\n    expect: { decision: pending }\n',
    merged: {
      text: 'rules: [{ requestor: { type: any }, resource: { type: any }, approval: [{ type: p0 }] }]\ncases:\n  - name: a\n    now: 2026-11-26T08:00:00Z\n    request:\n      requestor: { email: a@example.com }\n      <<: { resource: { service: aws } }\n    expect: { decision: pending }\n',
      at: '7:7',
    },
    fromFile: async (path) => (await loadTestFile(path)).problems,
  },
  {
    noun: 'schedules file',
    valid: 'schedules:\n  - { id: A, name: A, entries: [] }\n',
    merged: { text: 'schedules:\n  - <<: { id: A, name: A }\n    entries: []\n', at: '2:5' },
    fromFile: async (path) => {
      try {
        await loadSchedulesFile(path);
        return [];
      } catch (err) {
        if (err instanceof SchedulesFileError) return err.problems;
        throw err;
      }
    },
    fromBytes: (bytes, file) => parseSchedulesText(bytes, file).problems,
  },
];

describe('parse: one reader for every input', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parse-reader-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  /** The problems a kind reports for `content`, from a file and (where it can) from the same bytes. */
  async function read(kind: Kind, name: string, content: string | Uint8Array): Promise<Problem[]> {
    const path = write(name, content);
    const fromFile = await kind.fromFile(path);
    if (kind.fromBytes) {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      expect(brief(kind.fromBytes(bytes, path)), 'bytes are read as the file is').to.deep.equal(brief(fromFile));
    }
    return fromFile;
  }

  for (const kind of KINDS) {
    describe(`the ${kind.noun}`, () => {
      const slug = kind.noun.replace(/ /g, '-');

      it('reads the valid example (the cases below fail for their one reason)', async () => {
        expect(brief(await read(kind, `${slug}-valid.yaml`, kind.valid))).to.deep.equal([]);
      });

      it('refuses a YAML merge key (`<<`), where it is written', async () => {
        const problems = await read(kind, `${slug}-merge.yaml`, kind.merged.text);
        expect(brief(problems)).to.deep.equal([
          `${kind.merged.at} error parse.merge-key YAML merge keys (\`<<\`) are not supported in a ${kind.noun}; write the keys out (aliases \`*name\` for whole values do work)`,
        ]);
      });

      it('refuses bytes that are not UTF-8, at the first bad byte, naming the input', async () => {
        const bytes = Buffer.concat([Buffer.from(`# caf`), Buffer.from([0xe9]), Buffer.from(`\n${kind.valid}`)]);
        expect(brief(await read(kind, `${slug}-latin1.yaml`, bytes))).to.deep.equal([
          `1:6 error parse.not-utf8 this is not a UTF-8 text file (it holds bytes that are not UTF-8); a ${kind.noun} is YAML or JSON text`,
        ]);
      });

      it('refuses UTF-16, with a byte-order mark or without one', async () => {
        const utf16le = Buffer.from(kind.valid, 'utf16le');
        const utf16be = Buffer.from(utf16le).swap16();
        for (const [name, bytes] of [
          ['le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le])],
          ['be-bom', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])],
          ['le', utf16le],
          ['be', utf16be],
        ] as const) {
          expect(brief(await read(kind, `${slug}-utf16-${name}.yaml`, bytes)), name).to.deep.equal([
            `1:1 error parse.not-utf8 the ${kind.noun} is UTF-16 text; save it as UTF-8`,
          ]);
        }
      });

      it('refuses a binary file, at its first NUL byte', async () => {
        const bytes = Buffer.concat([Buffer.from(`${kind.valid}# x`), Buffer.from([0, 1, 2, 0xff])]);
        const line = kind.valid.split('\n').length;
        expect(brief(await read(kind, `${slug}-binary.yaml`, bytes))).to.deep.equal([
          `${line}:4 error parse.binary this is not a text file (it contains a NUL byte); a ${kind.noun} is YAML or JSON text`,
        ]);
      });

      it('reads UTF-8 with a byte-order mark as without one', async () => {
        const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(kind.valid)]);
        expect(brief(await read(kind, `${slug}-bom.yaml`, bytes))).to.deep.equal([]);
      });

      it('reports a file that cannot be read as a located problem naming the input', async () => {
        const problems = await kind.fromFile(join(dir, 'missing', `${slug}.yaml`));
        expect(brief(problems)).to.deep.equal([
          `1:1 error parse.unreadable cannot read the ${kind.noun}: no such file`,
        ]);
      });
    });
  }

  describe('a request given as bytes (as from standard input)', () => {
    const inputs: Array<[string, Uint8Array]> = [
      ['a request', Buffer.from('requestor:\n  email: a@example.com\nresource: { service: aws }\nreason: "café ☕"\n')],
      ['CRLF line ends', Buffer.from('requestor: { email: a@example.com }\r\nresource: { service: aws }\r\n')],
      [
        'a byte-order mark',
        Buffer.from('\ufeff{"requestor": {"email": "a@example.com"}, "resource": {"service": "x"}}'),
      ],
      ['a schema mistake', Buffer.from('requestor: { email: a@example.com }\nresource: { servce: aws }\n')],
      ['a syntax mistake', Buffer.from('requestor: { email: a@example.com\n')],
      ['a bad byte', Buffer.from([0x72, 0x3a, 0x20, 0xc3, 0x28, 0x0a])],
      ['a cut-short character', Buffer.from([0x72, 0x3a, 0x20, 0xe2, 0x98])],
      ['nothing', Buffer.from('')],
    ];

    for (const [what, bytes] of inputs) {
      it(`is read exactly as from a file: ${what}`, async () => {
        const path = write(`request-${what.replace(/\W+/g, '-')}.yaml`, bytes);
        const fromBytes = parseRequest(bytes, path);
        const document = await readDocumentFile(path, REQUEST_INPUT);
        expect(fromBytes).to.deep.equal(checkRequestDocument(document));
        // As the CLI reads a request file: its checked text, then the request.
        const text = await readTextFile(path, REQUEST_INPUT);
        expect(fromBytes).to.deep.equal('text' in text ? parseRequest(text.text, path) : { problems: [text.problem] });
        expect(readDocument(bytes, path, REQUEST_INPUT)).to.deep.equal(document);
      });
    }

    it('gets the same request from bytes as from the same text', () => {
      const text =
        'requestor: { email: a@example.com }\nresource: { service: aws, attributes: { tag: { env: prod } } }\n';
      const fromBytes = parseRequest(new TextEncoder().encode(text), '<stdin>');
      expect(fromBytes.problems).to.deep.equal([]);
      expect(fromBytes).to.deep.equal(parseRequest(text, '<stdin>'));
    });

    it('is refused over the size bound before it is decoded', () => {
      const bytes = new Uint8Array(REQUEST_INPUT.limits.maxBytes + 1).fill(0xff);
      expect(brief(parseRequest(bytes, '<stdin>').problems)).to.deep.equal([
        '1:1 error parse.too-large the request is 512.0 KiB, more than the 512 KiB a routing or request file may be',
      ]);
    });
  });

  it('finds the first byte that is not UTF-8 exactly where a strict decoder stops', () => {
    const decodes = (b: Uint8Array) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
        return true;
      } catch {
        return false;
      }
    };
    // Mostly text, with the lead and continuation bytes where UTF-8 goes wrong (overlong, surrogates, past U+10FFFF).
    const byte = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.constantFrom(0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), (list) => {
        const bytes = Uint8Array.from(list);
        const bad = firstInvalidUtf8(bytes);
        expect(bad === -1, 'valid exactly when a strict decoder accepts it').to.equal(decodes(bytes));
        if (bad !== -1) {
          expect(decodes(bytes.subarray(0, bad)), 'everything before it is UTF-8').to.equal(true);
          // No way to end the text after it makes it valid: the sequence starting there is broken already.
          for (let end = bad + 1; end <= Math.min(bytes.length, bad + 4); end++)
            expect(decodes(bytes.subarray(0, end)), `up to ${end}`).to.equal(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  describe('aliases', () => {
    it('are converted once and copied: no two places share an object, and the copy is placed at the alias', () => {
      const text = 'a: &x { k: [1, 2] }\nb: *x\nc: *x\n' + Array.from({ length: 50 }, (_, i) => `d${i}: *x\n`).join('');
      const { data, index, problems } = readDocument(text, 'x.yaml', ROUTING_INPUT);
      expect(problems).to.deep.equal([]);
      const d = data as Record<string, { k: number[] }>;
      expect(d.b).to.deep.equal({ k: [1, 2] });
      expect(d.b).to.not.equal(d.a);
      expect(d.b!.k).to.not.equal(d.c!.k);
      expect(Object.keys(d)).to.have.length(53);
      // A value inside a copy is placed at the alias; inside the original, where it is written.
      expect(index.range('/b/k')).to.deep.equal({ line: 2, column: 4, endLine: 2, endColumn: 6 });
      expect(index.range('/a/k')).to.deep.equal({ line: 1, column: 12, endLine: 1, endColumn: 18 });
    });

    it('refuse an alias inside the value it stands for', () => {
      const { problems } = readDocument('a: &x [1, *x]\n', 'x.yaml', ROUTING_INPUT);
      expect(brief(problems)).to.deep.equal([
        '1:11 error parse.alias-cycle the alias `*x` is inside the value `&x` it stands for, which would never end',
      ]);
    });

    it('count every copy against the expansion budget, placed at the alias that goes over it', () => {
      const text = 'a: &x [1, 2, 3, 4]\nb: [*x, *x, *x]\n';
      // a: 1 + 4 values; each alias 1 + 5; the mapping itself 1 and b's list 1: 25 in all.
      expect(readDocument(text, 'x.yaml', { ...ROUTING_INPUT, limits: { ...ROUTING_INPUT.limits, maxValues: 25 } }))
        .to.have.property('problems')
        .that.deep.equals([]);
      const over = readDocument(text, 'x.yaml', {
        ...ROUTING_INPUT,
        limits: { ...ROUTING_INPUT.limits, maxValues: 24 },
      });
      expect(brief(over.problems)).to.deep.equal([
        '2:13 error parse.alias-budget YAML aliases (`*name`) expand this file to more than 24 values; a routing file never needs that many, so it is refused',
      ]);
    });

    it('are bounded by the depth limit with the depth of the copy', () => {
      const text = 'a: &x [[[1]]]\nb: [[*x]]\n';
      const kind = (maxDepth: number) => ({ ...ROUTING_INPUT, limits: { ...ROUTING_INPUT.limits, maxDepth } });
      expect(readDocument(text, 'x.yaml', kind(6)).problems).to.deep.equal([]);
      expect(brief(readDocument(text, 'x.yaml', kind(5)).problems)).to.deep.equal([
        '2:6 error parse.too-deep the routing file is nested more than 5 levels deep here; a routing file needs only a few levels',
      ]);
    });
  });
});
