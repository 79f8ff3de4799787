// Helpers for the protocol tests of `concur lsp`: a real client (vscode-jsonrpc) and a raw one
// (bytes on stdin, frames from stdout) for the malformed input a real client never sends.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const rpc = require('vscode-jsonrpc/node');

const BIN = process.env.CONCUR_BIN || path.resolve(__dirname, '../../build/concur');

function checkBinary() {
  if (!fs.existsSync(BIN)) {
    throw new Error(`concur binary not found at ${BIN}: build it or set CONCUR_BIN`);
  }
}

// A folder with the given files ({ 'a.py': 'text' }); returns its absolute, resolved path.
function workspace(files) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'concur-lsp-')));
  for (const [name, text] of Object.entries(files || {})) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}

function uriOf(p) {
  return 'file://' + p.split('/').map(encodeURIComponent).join('/');
}

// Waits until pred() is true, checking at each notification, or fails after ms.
function waitFor(what, pred, ms = 20000) {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      let v;
      try {
        v = pred();
      } catch (e) {
        reject(e);
        return;
      }
      if (v) resolve(v);
      else if (Date.now() - start > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

// A language server session through vscode-jsonrpc, as VS Code's client talks to it.
class Session {
  constructor(opts = {}) {
    checkBinary();
    this.proc = spawn(BIN, ['lsp', '--stdio', ...(opts.args || [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr += d.toString(); });
    this.exit = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
    this.conn = rpc.createMessageConnection(
      new rpc.StreamMessageReader(this.proc.stdout),
      new rpc.StreamMessageWriter(this.proc.stdin));
    this.diagnostics = new Map(); // uri -> latest params
    this.publishCount = new Map();
    this.messages = [];
    this.settings = opts.settings === undefined ? {} : opts.settings;
    this.configRequests = 0;
    this.registrations = [];
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.diagnostics.set(p.uri, p);
      this.publishCount.set(p.uri, (this.publishCount.get(p.uri) || 0) + 1);
    });
    this.conn.onNotification('window/showMessage', (p) => this.messages.push(p));
    this.conn.onRequest('workspace/configuration', (p) => {
      this.configRequests++;
      return p.items.map(() => this.settings);
    });
    this.conn.onRequest('client/registerCapability', (p) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.conn.listen();
  }

  async initialize(root, caps = {}) {
    const capabilities = {
      general: { positionEncodings: caps.encodings || ['utf-16'] },
      workspace: {
        configuration: caps.configuration !== false,
        didChangeConfiguration: { dynamicRegistration: true },
      },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { relatedInformation: true },
      },
    };
    const res = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root ? uriOf(root) : null,
      workspaceFolders: root ? [{ uri: uriOf(root), name: path.basename(root) }] : null,
      capabilities,
      initializationOptions: caps.initializationOptions,
    });
    this.conn.sendNotification('initialized', {});
    this.encoding = res.capabilities.positionEncoding;
    return res;
  }

  open(uri, text, version = 1, languageId = 'python') {
    this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  change(uri, version, contentChanges) {
    this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version }, contentChanges,
    });
  }

  // The diagnostics of uri once a publication for version arrives (any when version is null).
  async diagnosticsFor(uri, version = null, ms) {
    const p = await waitFor(`diagnostics of ${uri} v${version}`, () => {
      const d = this.diagnostics.get(uri);
      return d && (version === null || d.version === version) ? d : null;
    }, ms);
    return p.diagnostics;
  }

  async stop() {
    await this.conn.sendRequest('shutdown');
    this.conn.sendNotification('exit');
    const code = await this.exit;
    this.conn.dispose();
    return code;
  }

  kill() {
    try { this.conn.dispose(); } catch (e) { /* already gone */ }
    // A server that died shows why (a sanitizer report, a message) with the failure.
    if (this.proc.exitCode !== null && this.proc.exitCode !== 0 && this.stderr) {
      process.stderr.write(`concur lsp exited with ${this.proc.exitCode}; its stderr:\n${this.stderr}\n`);
    } else if (process.env.CONCUR_LSP_STDERR) {
      process.stderr.write(this.stderr);
    }
    this.proc.kill('SIGKILL');
  }
}

// A raw session: bytes in, parsed frames out.
class Raw {
  constructor() {
    checkBinary();
    this.proc = spawn(BIN, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.buf = Buffer.alloc(0);
    this.out = [];
    this.stderr = '';
    this.proc.stdout.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.parse(); });
    this.proc.stderr.on('data', (d) => { this.stderr += d.toString(); });
    this.proc.stdin.on('error', () => { /* the server may stop first */ });
    this.exit = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
  }

  parse() {
    for (;;) {
      const sep = this.buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buf.slice(0, sep).toString());
      const n = Number(m[1]);
      if (this.buf.length < sep + 4 + n) return;
      this.out.push(JSON.parse(this.buf.slice(sep + 4, sep + 4 + n).toString('utf8')));
      this.buf = this.buf.slice(sep + 4 + n);
    }
  }

  static frame(obj) {
    const body = Buffer.from(typeof obj === 'string' ? obj : JSON.stringify(obj), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
  }

  send(obj) { this.proc.stdin.write(Raw.frame(obj)); }
  write(bytes) { this.proc.stdin.write(bytes); }
  end() { this.proc.stdin.end(); }

  async response(id, ms = 20000) {
    return waitFor(`response ${id}`, () => this.out.find((m) => m.id === id && !m.method), ms);
  }
}

// Applies LSP TextEdits (positions in the given encoding) to text.
function applyEdits(text, edits, encoding) {
  const offsetOf = (pos) => {
    const lines = [];
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text[i] === '\n') {
        lines.push([start, i]);
        start = i + 1;
      }
    }
    if (pos.line >= lines.length) return text.length;
    const [a, z] = lines[pos.line];
    if (encoding === 'utf-8') {
      const bytes = Buffer.from(text.slice(a, z), 'utf8');
      return a + bytes.slice(0, pos.character).toString('utf8').length;
    }
    return Math.min(a + pos.character, z);
  };
  const withOffsets = edits.map((e) => ({ a: offsetOf(e.range.start), z: offsetOf(e.range.end), t: e.newText }));
  withOffsets.sort((x, y) => y.a - x.a);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.a) + e.t + out.slice(e.z);
  return out;
}

module.exports = { BIN, Session, Raw, workspace, uriOf, waitFor, applyEdits };
