// Asks `concur lsp` directly what it offers for one file, so that the editor test can tell "the
// server sent an inlay hint and VS Code did not show it" from "the server sent none".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Starts `exe lsp`, opens `file` and returns { capabilities, inlayHints, hover } where inlayHints
 * is the server's answer for the whole file (null when it has no inlay-hint provider) and hover
 * the answer at `hoverAt` ({line, character}, 0-based). Rejects on a protocol error or after
 * `timeoutMs`. The server is shut down before this returns.
 */
export async function probeServer(exe, file, hoverAt, timeoutMs = 20000) {
    const child = spawn(exe, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const pending = new Map();
    let nextId = 1;
    let buffer = Buffer.alloc(0);
    const write = (message) => {
        const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
        child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
        child.stdin.write(body);
    };
    const onMessage = (message) => {
        if (message.id !== undefined && message.method === undefined) {
            const waiter = pending.get(message.id);
            pending.delete(message.id);
            if (waiter) waiter(message);
        } else if (message.id !== undefined) {
            // A request from the server: configuration gets an empty section, anything else null.
            const result = message.method === 'workspace/configuration'
                ? message.params.items.map(() => ({}))
                : null;
            write({ id: message.id, result });
        }
    };
    child.stdout.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
            const end = buffer.indexOf('\r\n\r\n');
            if (end < 0) return;
            const header = buffer.subarray(0, end).toString('ascii');
            const length = Number(/Content-Length:\s*(\d+)/i.exec(header)?.[1]);
            if (!Number.isFinite(length)) throw new Error(`bad header from concur lsp: ${header}`);
            if (buffer.length < end + 4 + length) return;
            const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
            buffer = buffer.subarray(end + 4 + length);
            onMessage(JSON.parse(body));
        }
    });
    const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const request = (method, params) => new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
            pending.delete(id);
            reject(new Error(`${method}: no answer from concur lsp in ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        pending.set(id, (message) => {
            clearTimeout(timer);
            if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
            else resolve(message.result);
        });
        write({ id, method, params });
    });
    try {
        const uri = pathToFileURL(file).href;
        const text = fs.readFileSync(file, 'utf8');
        const init = await request('initialize', {
            processId: process.pid,
            rootUri: null,
            capabilities: {
                general: { positionEncodings: ['utf-16'] },
                textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, inlayHint: {} },
                workspace: { configuration: true },
            },
        });
        write({ method: 'initialized', params: {} });
        write({
            method: 'textDocument/didOpen',
            params: { textDocument: { uri, languageId: 'python', version: 1, text } },
        });
        const caps = init.capabilities;
        const lines = text.split('\n');
        const inlayHints = caps.inlayHintProvider
            ? await request('textDocument/inlayHint', {
                textDocument: { uri },
                range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
            })
            : null;
        const hover = caps.hoverProvider
            ? await request('textDocument/hover', { textDocument: { uri }, position: hoverAt })
            : null;
        await request('shutdown', null);
        write({ method: 'exit' });
        await exited;
        return { capabilities: caps, inlayHints: inlayHints ?? null, hover };
    } finally {
        child.kill();
    }
}

/** The plain text of an LSP hover's contents (MarkupContent, MarkedString or an array of them). */
export function hoverText(hover) {
    if (!hover) return '';
    const part = (c) => (typeof c === 'string' ? c : c.value ?? '');
    const contents = hover.contents;
    return Array.isArray(contents) ? contents.map(part).join('\n') : part(contents);
}

/** An inlay hint's label as text (a string or an array of label parts). */
export function hintLabel(hint) {
    return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}
