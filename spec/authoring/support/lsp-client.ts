// A small Language Server Protocol client for tests: starts the real `yaml-language-server` (the one editors
// such as VS Code and Neovim run) over stdio, so the specs prove what an author sees in their editor, not
// what we believe the schema means.
//
// Bounded by construction: every wait has a timeout, and `close()` always ends the child (shutdown/exit,
// then SIGKILL if it lingers). The server asks the client for its settings (`workspace/configuration`);
// we answer with validation, completion and hover on and the JSON Schema Store off, so it never touches the
// network.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  severity?: number;
  message: string;
  source?: string;
  code?: unknown;
}
export interface CompletionItem {
  label: string;
  kind?: number;
  detail?: string;
  documentation?: string | { kind: string; value: string };
  insertText?: string;
  textEdit?: { newText: string };
  filterText?: string;
}

export interface YamlSettings {
  validate?: boolean;
  completion?: boolean;
  hover?: boolean;
  /** `{ schemaUri: glob | glob[] }`, as in an editor's `yaml.schemas` setting. */
  schemas?: Record<string, string | string[]>;
  [key: string]: unknown;
}

export interface StartOptions {
  /** Workspace root folder (absolute path); relative `yaml.schemas` keys resolve against it. */
  root?: string;
  settings?: YamlSettings;
  /** Default bound for each wait (ms). */
  timeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

const require = createRequire(import.meta.url);
/** The installed server's entry point (`bin/yaml-language-server` of the npm package). */
export const yamlServerBin = require.resolve('yaml-language-server/bin/yaml-language-server');

export function fileUri(path: string): string {
  return pathToFileURL(path).toString();
}

export class LspClient {
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();
  /** Every publishDiagnostics per document, in arrival order. */
  private readonly published = new Map<string, Diagnostic[][]>();
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private exited = false;
  /** Requests the server sent us, by method (what a test may want to assert on). */
  readonly serverRequests: string[] = [];
  stderr = '';

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private settings: YamlSettings,
    readonly timeoutMs: number,
  ) {
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    child.on('exit', () => {
      this.exited = true;
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error('yaml-language-server exited'));
      }
      this.pending.clear();
      this.wake();
    });
  }

  /** Starts the server, initializes it and waits until it has pulled and applied our settings. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [yamlServerBin, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    const settings: YamlSettings = {
      validate: true,
      completion: true,
      hover: true,
      schemaStore: { enable: false, url: '' },
      kubernetesCRDStore: { enable: false },
      ...options.settings,
    };
    const client = new LspClient(child, settings, options.timeoutMs ?? 10_000);
    try {
      const rootUri = options.root ? fileUri(options.root) : null;
      await client.request('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: options.root ? [{ uri: rootUri, name: 'workspace' }] : null,
        capabilities: {
          workspace: { configuration: true, workspaceFolders: true },
          textDocument: {
            publishDiagnostics: { relatedInformation: true },
            completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
            hover: { contentFormat: ['markdown', 'plaintext'] },
          },
        },
      });
      const configured = client.waitFor(
        () => client.serverRequests.includes('workspace/configuration'),
        'settings request',
      );
      client.notify('initialized', {});
      await configured;
      // A round trip after our answer: the server handles messages in order, so once this returns our
      // settings (and the schema associations built from them) are in place before any document opens.
      await client
        .request('textDocument/documentSymbol', { textDocument: { uri: 'file:///nonexistent.yaml' } })
        .catch(() => undefined);
      return client;
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  /** Replaces the settings and tells the server (it pulls them again and revalidates open documents). */
  async configure(settings: YamlSettings): Promise<void> {
    this.settings = { ...this.settings, ...settings };
    const before = this.serverRequests.length;
    this.notify('workspace/didChangeConfiguration', { settings: {} });
    await this.waitFor(() => this.serverRequests.slice(before).includes('workspace/configuration'), 'settings request');
    await this.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///nonexistent.yaml' } }).catch(
      () => undefined,
    );
  }

  request<T = unknown>(method: string, params: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`yaml-language-server has exited (${method})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    if (!this.exited) this.send({ jsonrpc: '2.0', method, params });
  }

  /** Opens a document and returns the diagnostics the server publishes for it. */
  async open(uri: string, text: string, languageId = 'yaml'): Promise<Diagnostic[]> {
    const seen = this.published.get(uri)?.length ?? 0;
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return this.nextDiagnostics(uri, seen);
  }

  /** Replaces a document's whole text and returns the diagnostics published for the new text. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const seen = this.published.get(uri)?.length ?? 0;
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return this.nextDiagnostics(uri, seen);
  }

  closeDocument(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Completion items at a 0-based position. */
  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = await this.request<CompletionItem[] | { items: CompletionItem[] } | null>(
      'textDocument/completion',
      {
        textDocument: { uri },
        position,
      },
    );
    if (!result) return [];
    return Array.isArray(result) ? result : result.items;
  }

  /** The hover text at a 0-based position ('' when the server has nothing to show). */
  async hover(uri: string, position: Position): Promise<string> {
    const result = await this.request<{
      contents: string | { value: string } | Array<string | { value: string }>;
    } | null>('textDocument/hover', { textDocument: { uri }, position });
    if (!result) return '';
    const parts = Array.isArray(result.contents) ? result.contents : [result.contents];
    return parts.map((p) => (typeof p === 'string' ? p : p.value)).join('\n');
  }

  /** Ends the server: polite shutdown/exit, then SIGKILL. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.exited) {
      await this.request('shutdown', null, 2000).catch(() => undefined);
      this.notify('exit', null);
      const gone = new Promise<void>((resolve) => {
        if (this.exited) return resolve();
        this.child.once('exit', () => resolve());
      });
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      await gone;
      clearTimeout(timer);
    }
    for (const [, p] of this.pending) clearTimeout(p.timer);
    this.pending.clear();
  }

  private async nextDiagnostics(uri: string, seen: number): Promise<Diagnostic[]> {
    await this.waitFor(() => (this.published.get(uri)?.length ?? 0) > seen, `diagnostics for ${uri}`);
    const all = this.published.get(uri)!;
    return all[all.length - 1]!;
  }

  private waitFor(done: () => boolean, what: string, timeoutMs = this.timeoutMs): Promise<void> {
    return new Promise((resolve, reject) => {
      if (done()) return resolve();
      const check = () => {
        if (done()) finish(() => resolve());
        else if (this.exited)
          finish(() =>
            reject(new Error(`yaml-language-server exited while waiting for ${what}: ${this.stderr.slice(-500)}`)),
          );
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        then();
      };
      this.waiters.add(check);
    });
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  /** Content-Length framing: headers, a blank line, then exactly that many bytes of JSON. */
  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      if (!match) {
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body));
    }
  }

  private dispatch(message: {
    id?: number | string;
    method?: string;
    params?: any;
    result?: unknown;
    error?: { message: string };
  }): void {
    if (message.method !== undefined && message.id !== undefined) {
      this.serverRequests.push(message.method);
      this.send({ jsonrpc: '2.0', id: message.id, result: this.answer(message.method, message.params) });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const uri = message.params.uri as string;
      const list = this.published.get(uri) ?? [];
      list.push(message.params.diagnostics as Diagnostic[]);
      this.published.set(uri, list);
    } else if (message.id !== undefined) {
      const p = this.pending.get(Number(message.id));
      if (p) {
        this.pending.delete(Number(message.id));
        clearTimeout(p.timer);
        if (message.error) p.reject(new Error(message.error.message));
        else p.resolve(message.result);
      }
    }
    this.wake();
  }

  /** What we answer to the server's own requests. */
  private answer(method: string, params: any): unknown {
    if (method === 'workspace/configuration') {
      return (params.items as { section?: string }[]).map((item) => {
        if (item.section === 'yaml') return this.settings;
        if (item.section === 'http') return { proxy: '', proxyStrictSSL: false };
        return null;
      });
    }
    // registerCapability, workDoneProgress/create, codeLens/refresh...: acknowledged, nothing to do.
    return null;
  }
}

/** Plain text of a completion item's documentation. */
export function documentationText(item: CompletionItem): string {
  const doc = item.documentation;
  if (!doc) return '';
  return typeof doc === 'string' ? doc : doc.value;
}
