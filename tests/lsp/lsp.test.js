// Protocol tests of the real `concur lsp` binary, driven through vscode-jsonrpc (the library VS
// Code's client is built on) and, for input no real client sends, through raw bytes.
// Run: CONCUR_BIN=build/concur node --test tests/lsp/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const rpc = require('vscode-jsonrpc/node');
const { Session, Raw, workspace, uriOf, waitFor, applyEdits } = require('./helpers');

// A racy counter: CC201 at `counter += 1` (line 9, characters 8-20).
const RACE = `import threading

counter = 0
lock = threading.Lock()


def work():
    global counter
    for _ in range(1000):
        counter += 1


def main():
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
`;

// The same race after an emoji and an accented letter on its line.
const EMOJI_LINE = '        note = "😀é"; counter += 1';
const RACE_EMOJI = RACE.replace('        counter += 1', EMOJI_LINE);

// Two locks, one counter: the finding's related information is the other access (line 17).
const TWO_LOCKS = `import threading

free_seats = 500
booking_lock = threading.Lock()
cancel_lock = threading.Lock()


def book(n):
    global free_seats
    for _ in range(n):
        with booking_lock:
            free_seats -= 1


def cancel(n):
    global free_seats
    for _ in range(n):
        with cancel_lock:
            free_seats += 1


def main():
    t1 = threading.Thread(target=book, args=(3000,))
    t2 = threading.Thread(target=cancel, args=(3000,))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
`;

// Processes started at import time, with a lambda task: CC303 and CC302.
const POOL = `from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


with ProcessPoolExecutor() as ex:
    print(list(ex.map(lambda x: x + 1, range(10))))
print("done")
`;

// A module whose function add() two threads run: the race is in this module.
const STATE = 'import threading\n\ntotal = 0\nlock = threading.Lock()\n\n\ndef add(n):\n    global total\n    total += n\n';

// A main module that imports (`imp`) and runs `target` in two threads.
function twoThreads(imp, target) {
  return `import threading

${imp}


def main():
    a = threading.Thread(target=${target}, args=(1,))
    b = threading.Thread(target=${target}, args=(2,))
    a.start()
    b.start()
    a.join()
    b.join()
`;
}

function byCode(diags, code) {
  return diags.filter((d) => d.code === code);
}

test('initialize answers honest capabilities and negotiates the position encoding', async () => {
  const s = new Session();
  try {
    const res = await s.initialize(null);
    const c = res.capabilities;
    assert.equal(c.positionEncoding, 'utf-16');
    assert.deepEqual(c.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.equal(c.hoverProvider, true);
    assert.deepEqual(c.codeActionProvider.codeActionKinds, ['quickfix']);
    assert.ok(c.inlayHintProvider);
    assert.equal(res.serverInfo.name, 'concur');
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
  const s8 = new Session();
  try {
    const res = await s8.initialize(null, { encodings: ['utf-32', 'utf-8', 'utf-16'] });
    assert.equal(res.capabilities.positionEncoding, 'utf-8');
    assert.equal(await s8.stop(), 0);
  } finally {
    s8.kill();
  }
});

test('diagnostics carry code, link, severity, exact range and related information', async () => {
  const dir = workspace({ 'seats.py': TWO_LOCKS });
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'seats.py'));
    s.open(uri, TWO_LOCKS);
    const diags = await s.diagnosticsFor(uri, 1);
    assert.equal(diags.length, 1, JSON.stringify(diags));
    const d = diags[0];
    assert.equal(d.code, 'CC201');
    assert.equal(d.source, 'concur');
    assert.equal(d.severity, 1);
    assert.match(d.codeDescription.href, /^https:\/\/.*CC201\.md$/);
    assert.deepEqual(d.range, { start: { line: 18, character: 12 }, end: { line: 18, character: 27 } });
    assert.match(d.message, /free_seats/);
    assert.equal(d.relatedInformation.length, 1);
    assert.equal(d.relatedInformation[0].location.uri, uri);
    assert.deepEqual(d.relatedInformation[0].location.range,
      { start: { line: 11, character: 12 }, end: { line: 11, character: 27 } });
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('positions count UTF-16 code units or bytes, as negotiated, on a line with emoji', async () => {
  const prefix = EMOJI_LINE.slice(0, EMOJI_LINE.indexOf('counter'));
  const expect = {
    'utf-16': prefix.length, // 😀 is two UTF-16 units, é one
    'utf-8': Buffer.byteLength(prefix, 'utf8'), // 😀 is four bytes, é two
  };
  assert.notEqual(expect['utf-16'], expect['utf-8']);
  for (const enc of ['utf-16', 'utf-8']) {
    const dir = workspace({});
    const s = new Session();
    try {
      await s.initialize(dir, { encodings: [enc] });
      assert.equal(s.encoding, enc);
      const uri = uriOf(path.join(dir, 'emoji.py'));
      s.open(uri, RACE_EMOJI);
      let diags = byCode(await s.diagnosticsFor(uri, 1), 'CC201');
      assert.equal(diags.length, 1);
      assert.deepEqual(diags[0].range.start, { line: 9, character: expect[enc] });
      assert.deepEqual(diags[0].range.end, { line: 9, character: expect[enc] + 12 });
      // An incremental edit positioned after the emoji: insert "x = 1; " before `counter`.
      const at = { line: 9, character: expect[enc] };
      s.change(uri, 2, [{ range: { start: at, end: at }, text: 'x = 1; ' }]);
      diags = byCode(await s.diagnosticsFor(uri, 2), 'CC201');
      assert.equal(diags.length, 1);
      assert.deepEqual(diags[0].range.start, { line: 9, character: expect[enc] + 7 });
      // Replace the emoji itself (a range ending inside it would be ambiguous: whole units only).
      const e0 = prefix.indexOf('😀');
      const from = enc === 'utf-8' ? Buffer.byteLength(prefix.slice(0, e0)) : e0;
      const to = from + (enc === 'utf-8' ? 4 : 2);
      s.change(uri, 3, [{ range: { start: { line: 9, character: from }, end: { line: 9, character: to } }, text: 'ab' }]);
      diags = byCode(await s.diagnosticsFor(uri, 3), 'CC201');
      assert.equal(diags.length, 1);
      assert.deepEqual(diags[0].range.start, { line: 9, character: expect[enc] + 7 - (to - from) + 2 });
      assert.equal(await s.stop(), 0);
    } finally {
      s.kill();
    }
  }
});

test('hover shows the finding and the rule explanation', async () => {
  const dir = workspace({});
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'race.py'));
    s.open(uri, RACE);
    await s.diagnosticsFor(uri, 1);
    const h = await s.conn.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line: 9, character: 10 },
    });
    assert.equal(h.contents.kind, 'markdown');
    assert.match(h.contents.value, /\*\*concur CC201\*\* `unsynchronized-shared-write` \(error\)/);
    assert.match(h.contents.value, /`counter` is updated/);
    assert.match(h.contents.value, /#### What it does/);
    assert.match(h.contents.value, /#### Why is this bad\?/);
    assert.deepEqual(h.range, { start: { line: 9, character: 8 }, end: { line: 9, character: 20 } });
    // Nothing to say elsewhere.
    const none = await s.conn.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line: 0, character: 2 },
    });
    assert.equal(none, null);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

async function actionsAt(s, uri, line, character) {
  return s.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character }, end: { line, character } },
    context: { diagnostics: [] },
  });
}

test('quick fixes: `with lock:`, suppression; diagnostics update after the edit', async () => {
  const dir = workspace({});
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'race.py'));
    s.open(uri, RACE);
    assert.equal(byCode(await s.diagnosticsFor(uri, 1), 'CC201').length, 1);
    const actions = await actionsAt(s, uri, 9, 12);
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, ['Hold `lock` around this write (with lock:)',
      'Suppress CC201 on this line (# concur: ignore[CC201])']);
    for (const a of actions) {
      assert.equal(a.kind, 'quickfix');
      assert.equal(a.diagnostics[0].code, 'CC201');
    }
    const wrapped = applyEdits(RACE, actions[0].edit.changes[uri], 'utf-16');
    assert.equal(wrapped, RACE.replace('        counter += 1',
      '        with lock:\n            counter += 1'));
    const suppressed = applyEdits(RACE, actions[1].edit.changes[uri], 'utf-16');
    assert.equal(suppressed, RACE.replace('        counter += 1',
      '        counter += 1  # concur: ignore[CC201]'));
    // Apply the lock fix as an editor would (incremental change): the finding goes away.
    const e = actions[0].edit.changes[uri][0];
    s.change(uri, 2, [{ range: e.range, text: e.newText }]);
    assert.deepEqual(await s.diagnosticsFor(uri, 2), []);
    // Undo it with a full-text change: it comes back.
    s.change(uri, 3, [{ text: RACE }]);
    assert.equal(byCode(await s.diagnosticsFor(uri, 3), 'CC201').length, 1);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('no `with lock:` fix when the write already holds a lock (another one)', async () => {
  const dir = workspace({});
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'seats.py'));
    s.open(uri, TWO_LOCKS);
    await s.diagnosticsFor(uri, 1);
    const actions = await actionsAt(s, uri, 18, 14);
    assert.deepEqual(actions.map((a) => a.title), ['Suppress CC201 on this line (# concur: ignore[CC201])']);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('quick fixes: __main__ guard, ThreadPoolExecutor <-> ProcessPoolExecutor with its import', async () => {
  const dir = workspace({});
  const s = new Session();
  try {
    await s.initialize(dir, { encodings: ['utf-8'] });
    const uri = uriOf(path.join(dir, 'pool.py'));
    s.open(uri, POOL);
    const diags = await s.diagnosticsFor(uri, 1);
    assert.deepEqual(diags.map((d) => d.code).sort(), ['CC302', 'CC303']);
    const cc303 = byCode(diags, 'CC303')[0];
    const actions = await actionsAt(s, uri, cc303.range.start.line, cc303.range.start.character);
    const guard = actions.find((a) => a.diagnostics[0].code === 'CC303' && /__main__/.test(a.title));
    assert.ok(guard, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(applyEdits(POOL, guard.edit.changes[uri], 'utf-8'), POOL.replace(
      'with ProcessPoolExecutor() as ex:\n    print(list(ex.map(lambda x: x + 1, range(10))))\nprint("done")',
      'if __name__ == "__main__":\n    with ProcessPoolExecutor() as ex:\n        print(list(ex.map(lambda x: x + 1, range(10))))\n    print("done")'));
    // CC302 (a lambda pickled for a process pool): swap to threads, import included.
    const cc302 = byCode(diags, 'CC302')[0];
    const a302 = await actionsAt(s, uri, cc302.range.start.line, cc302.range.start.character);
    const swap = a302.find((a) => a.diagnostics[0].code === 'CC302' && /^Use ThreadPoolExecutor/.test(a.title));
    assert.ok(swap, JSON.stringify(a302.map((a) => a.title)));
    assert.equal(swap.title, 'Use ThreadPoolExecutor instead of ProcessPoolExecutor');
    const swapped = applyEdits(POOL, swap.edit.changes[uri], 'utf-8');
    assert.equal(swapped, POOL
      .replace('import ProcessPoolExecutor', 'import ProcessPoolExecutor, ThreadPoolExecutor')
      .replace('with ProcessPoolExecutor()', 'with ThreadPoolExecutor()'));
    // Applying it removes the CC302 finding (threads pickle nothing).
    s.change(uri, 2, [{ text: swapped }]);
    const after = await s.diagnosticsFor(uri, 2);
    assert.deepEqual(byCode(after, 'CC302'), []);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('inlay hints name the advised model after each spawn call, hover shows the advice', async () => {
  const dir = workspace({});
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'pool.py'));
    s.open(uri, POOL);
    await s.diagnosticsFor(uri, 1);
    const hints = await s.conn.sendRequest('textDocument/inlayHint', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
    });
    // ex.map(...) on line 9 (0-based 8): ten one-line tasks, so the advice is serial
    assert.equal(hints.length, 1);
    assert.equal(hints[0].position.line, 8);
    assert.equal(hints[0].position.character, '    print(list(ex.map(lambda x: x + 1, range(10))'.length);
    assert.equal(hints[0].label, '→ serial');
    assert.match(hints[0].tooltip.value, /concur advice: serial/);
    const none = await s.conn.sendRequest('textDocument/inlayHint', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
    });
    assert.deepEqual(none, []);
    const hover = await s.conn.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line: 8, character: 20 },
    });
    assert.match(hover.contents.value, /concur advice: serial\*\* \(now processes; confidence \d+%\)/);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('settings are pulled with workspace/configuration, also after didChangeConfiguration(null)', async () => {
  const dir = workspace({});
  const s = new Session({ settings: { select: ['CC3'] } });
  try {
    await s.initialize(dir);
    await waitFor('dynamic registration', () => s.registrations.length > 0);
    assert.equal(s.registrations[0].method, 'workspace/didChangeConfiguration');
    const uri = uriOf(path.join(dir, 'race.py'));
    await waitFor('configuration request', () => s.configRequests === 1);
    s.open(uri, RACE);
    assert.deepEqual(await s.diagnosticsFor(uri, 1), []); // CC201 not selected
    s.settings = { select: [], ignore: [] };
    s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitFor('second configuration request', () => s.configRequests === 2);
    await waitFor('CC201 once selected again', () => {
      const d = s.diagnostics.get(uri);
      return d && byCode(d.diagnostics, 'CC201').length === 1;
    });
    s.settings = { ignore: 'CC201' };
    s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitFor('CC201 ignored', () => {
      const d = s.diagnostics.get(uri);
      return s.configRequests === 3 && d && d.diagnostics.length === 0;
    });
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('targetPython from the settings decides the start method the findings speak of', async () => {
  const PROC = `import multiprocessing as mp
import threading

lk = threading.Lock()


def work(lock):
    with lock:
        pass


if __name__ == "__main__":
    p = mp.Process(target=work, args=(lk,))
    p.start()
    p.join()
`;
  const dir = workspace({});
  const s = new Session({ settings: { targetPython: '3.14' } });
  try {
    await s.initialize(dir);
    await waitFor('configuration request', () => s.configRequests === 1);
    const uri = uriOf(path.join(dir, 'proc.py'));
    s.open(uri, PROC);
    await waitFor('CC302 under forkserver', () => {
      const d = s.diagnostics.get(uri);
      return d && d.diagnostics.length === 1 && /under the forkserver start method/.test(d.diagnostics[0].message);
    });
    s.settings = { targetPython: '3.12' };
    s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitFor('CC302 under the platform default', () => {
      const d = s.diagnostics.get(uri);
      return d && d.diagnostics.length === 1 && /fails under the spawn and forkserver/.test(d.diagnostics[0].message);
    });
    s.settings = { targetPython: 'three' };
    s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitFor('a message about the bad version', () => s.messages.some((m) => /targetPython/.test(m.message)));
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('the open document wins over the file on disk; closing clears its diagnostics', async () => {
  const dir = workspace({ 'race.py': RACE });
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'race.py'));
    const fixed = RACE.replace('        counter += 1', '        with lock:\n            counter += 1');
    s.open(uri, fixed);
    assert.deepEqual(await s.diagnosticsFor(uri, 1), []);
    // Opened again without a close (some clients do): the new text wins.
    s.open(uri, RACE, 2);
    assert.equal((await s.diagnosticsFor(uri, 2)).length, 1);
    s.open(uri, fixed, 3);
    assert.deepEqual(await s.diagnosticsFor(uri, 3), []);
    s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    s.open(uri, RACE, 5);
    assert.equal((await s.diagnosticsFor(uri, 5)).length, 1);
    s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await waitFor('cleared diagnostics', () => {
      const d = s.diagnostics.get(uri);
      return d && d.version === undefined && d.diagnostics.length === 0;
    });
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('concur.lsp.analyseWorkspace publishes the diagnostics of files that are not open', async () => {
  const dir = workspace({ 'race.py': RACE, 'clean.py': 'x = 1\n' });
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'race.py'));
    assert.equal(await s.conn.sendRequest('workspace/executeCommand',
      { command: 'concur.lsp.analyseWorkspace', arguments: [] }), null);
    const diags = await s.diagnosticsFor(uri);
    assert.equal(byCode(diags, 'CC201').length, 1);
    assert.deepEqual(diags[0].range, { start: { line: 9, character: 8 }, end: { line: 9, character: 20 } });
    assert.equal(s.diagnostics.get(uriOf(path.join(dir, 'clean.py'))), undefined);
    await assert.rejects(s.conn.sendRequest('workspace/executeCommand', { command: 'nope' }),
      (e) => e.code === -32602);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('a file changed on disk (didChangeWatchedFiles) is read again; its findings follow', async () => {
  const MAIN = twoThreads('import state', 'state.add');
  const dir = workspace({ 'state.py': STATE, 'main.py': MAIN });
  const s = new Session();
  try {
    await s.initialize(dir);
    await waitFor('registrations', () => s.registrations.length > 0);
    const stateUri = uriOf(path.join(dir, 'state.py'));
    const mainUri = uriOf(path.join(dir, 'main.py'));
    s.open(mainUri, MAIN);
    assert.deepEqual(await s.diagnosticsFor(mainUri, 1), []);
    await s.conn.sendRequest('workspace/executeCommand', { command: 'concur.lsp.analyseWorkspace' });
    // The race is in state.py, read from disk, found through the threads main.py starts.
    const d = await s.diagnosticsFor(stateUri);
    assert.equal(byCode(d, 'CC201').length, 1);
    assert.deepEqual(d[0].range.start, { line: 8, character: 4 });
    fs.writeFileSync(path.join(dir, 'state.py'), STATE.replace('    total += n', '    with lock:\n        total += n'));
    s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: stateUri, type: 2 }] });
    await waitFor('state.py clean', () => s.diagnostics.get(stateUri).diagnostics.length === 0);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

// The last "analysis:" line of the server's --verbose log.
function lastAnalysis(s) {
  const lines = s.stderr.split('\n').filter((l) => /analysis: \d+ units/.test(l));
  return lines.length ? lines[lines.length - 1] : '';
}

test('an edit re-analyses only its own group of linked files; the group follows the edit', async () => {
  const MAIN = twoThreads('import state', 'state.add');
  const dir = workspace({ 'state.py': STATE, 'main.py': MAIN, 'other.py': RACE });
  const s = new Session({ args: ['--verbose'] });
  try {
    await s.initialize(dir);
    const stateUri = uriOf(path.join(dir, 'state.py'));
    const mainUri = uriOf(path.join(dir, 'main.py'));
    const otherUri = uriOf(path.join(dir, 'other.py'));
    s.open(stateUri, STATE);
    s.open(otherUri, RACE);
    await waitFor('both documents analysed', () => s.diagnostics.has(stateUri) && s.diagnostics.has(otherUri));
    assert.equal(byCode(await s.diagnosticsFor(stateUri), 'CC201').length, 1);
    assert.equal(byCode(await s.diagnosticsFor(otherUri), 'CC201').length, 1);
    // main.py and state.py import each other's way into one group; other.py is a group alone.
    await waitFor('the log of the analysis', () => /3 units in 2 groups/.test(lastAnalysis(s)));
    // Editing other.py runs its group only; the race in state.py stays as it was.
    const fixed = RACE.replace('        counter += 1', '        with lock:\n            counter += 1');
    s.change(otherUri, 2, [{ text: fixed }]);
    assert.deepEqual(byCode(await s.diagnosticsFor(otherUri, 2), 'CC201'), []);
    assert.match(lastAnalysis(s), /3 units in 2 groups, 1 analysed again/);
    assert.equal(byCode(s.diagnostics.get(stateUri).diagnostics, 'CC201').length, 1);
    // Editing main.py (one thread instead of two) runs its group: state.py, not edited, is
    // analysed again with it and its race goes away.
    s.open(mainUri, MAIN);
    await s.diagnosticsFor(mainUri, 1);
    s.change(mainUri, 2, [{ text: MAIN.replace('    b.start()\n', '').replace('    b.join()\n', '') }]);
    await s.diagnosticsFor(mainUri, 2);
    await waitFor('the race in state.py gone', () => byCode(s.diagnostics.get(stateUri).diagnostics, 'CC201').length === 0);
    assert.match(lastAnalysis(s), /3 units in 2 groups, 1 analysed again/);
    assert.equal(byCode(s.diagnostics.get(otherUri).diagnostics, 'CC201').length, 0);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('a new __init__.py makes a package: module names are worked out again', async () => {
  const MOD = STATE;
  const MAIN = twoThreads('import pkg.mod', 'pkg.mod.add');
  const dir = workspace({ 'pkg/mod.py': MOD, 'main.py': MAIN });
  const s = new Session();
  try {
    await s.initialize(dir);
    await waitFor('registrations', () => s.registrations.length > 0);
    const modUri = uriOf(path.join(dir, 'pkg', 'mod.py'));
    s.open(modUri, MOD);
    // Without pkg/__init__.py the file is the module `mod`: `import pkg.mod` does not reach it.
    assert.deepEqual(byCode(await s.diagnosticsFor(modUri, 1), 'CC201'), []);
    fs.writeFileSync(path.join(dir, 'pkg', '__init__.py'), '');
    s.conn.sendNotification('workspace/didChangeWatchedFiles',
      { changes: [{ uri: uriOf(path.join(dir, 'pkg', '__init__.py')), type: 1 }] });
    await waitFor('the race through pkg.mod', () => byCode(s.diagnostics.get(modUri).diagnostics, 'CC201').length === 1);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('set_start_method in one group is the default of the others, as in `concur check`', async () => {
  const SETTER = `import multiprocessing


def work():
    return 1


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    multiprocessing.Process(target=work).start()
`;
  const WORKER = `import multiprocessing


if __name__ == "__main__":
    p = multiprocessing.Process(target=lambda: print("hi"))
    p.start()
    p.join()
`;
  const dir = workspace({ 'setter.py': SETTER, 'worker.py': WORKER });
  const s = new Session({ args: ['--verbose'] });
  try {
    await s.initialize(dir);
    const setterUri = uriOf(path.join(dir, 'setter.py'));
    const workerUri = uriOf(path.join(dir, 'worker.py'));
    s.open(workerUri, WORKER);
    s.open(setterUri, SETTER);
    // The two files do not import each other (two groups), yet the method setter.py sets is
    // the one worker.py's lambda is pickled under.
    await waitFor('CC302 under spawn', () => {
      const d = s.diagnostics.get(workerUri);
      return d && byCode(d.diagnostics, 'CC302').length === 1 &&
        /under the spawn start method/.test(byCode(d.diagnostics, 'CC302')[0].message);
    });
    assert.match(lastAnalysis(s), /2 units in 2 groups/);
    // Without the call, worker.py's group is run again and speaks of the platform default.
    s.change(setterUri, 2, [{ text: SETTER.replace('    multiprocessing.set_start_method("spawn")\n', '') }]);
    await waitFor('CC302 under the platform default', () => {
      const d = s.diagnostics.get(workerUri);
      return d && byCode(d.diagnostics, 'CC302').length === 1 &&
        /fails under the spawn and forkserver/.test(byCode(d.diagnostics, 'CC302')[0].message);
    });
    assert.match(lastAnalysis(s), /2 units in 2 groups, 2 analysed again/);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('an edit that arrives during an analysis stops it; the newer text is analysed', async () => {
  // 200 linked modules of ~800 lines: an analysis that takes a few hundred ms (more under
  // sanitizers), long enough to be interrupted by an edit sent when it starts.
  const body = [];
  for (let i = 0; i < 80; i++) {
    body.push(`def work_${i}(items, scale=${i}):`, '    total = 0', '    for x in items:',
      '        if x % 3 == 0:', '            total += x * scale', '        else:',
      '            total -= x', '    return total', '', '');
  }
  const files = {};
  for (let k = 0; k < 200; k++) files[`mod_${k}.py`] = body.join('\n') + '\n';
  const imports = Object.keys(files).map((f) => `import ${f.slice(0, -3)}\n`).join('');
  const MAIN = imports + '\n' + RACE;
  files['main.py'] = MAIN;
  const dir = workspace(files);
  const s = new Session({ args: ['--verbose'] });
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'main.py'));
    s.open(uri, MAIN);
    assert.equal(byCode(await s.diagnosticsFor(uri, 1, 120000), 'CC201').length, 1);
    const runs = () => (s.stderr.match(/analysis: running 1 of 1 groups/g) || []).length;
    const before = runs();
    const fixed = MAIN.replace('        counter += 1', '        with lock:\n            counter += 1');
    s.change(uri, 2, [{ text: fixed }]);
    await waitFor('the analysis of version 2 under way', () => runs() > before, 120000);
    s.change(uri, 3, [{ text: MAIN }]);
    // Version 2 is never published: its analysis was stopped; version 3 has the race again.
    assert.equal(byCode(await s.diagnosticsFor(uri, 3, 120000), 'CC201').length, 1);
    assert.match(s.stderr, /analysis: stopped after [0-9.]+ ms by a newer edit/);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('1,000 rapid edits: no crash, diagnostics of the last text, memory bounded', async () => {
  const dir = workspace({});
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'race.py'));
    s.open(uri, RACE);
    await s.diagnosticsFor(uri, 1);
    // Type and delete a comment at the end of the racy line, character by character.
    const line = 9;
    const base = '        counter += 1'.length;
    let version = 1;
    let col = base;
    for (let i = 0; i < 1000; i++) {
      version++;
      if (i % 20 < 10) {
        s.change(uri, version, [{ range: { start: { line, character: col }, end: { line, character: col } }, text: i % 20 === 0 ? '  # x' : 'y' }]);
        col += i % 20 === 0 ? 5 : 1;
      } else {
        const back = i % 20 === 19 ? col - base : 1;
        s.change(uri, version, [{ range: { start: { line, character: col - back }, end: { line, character: col } }, text: '' }]);
        col -= back;
      }
    }
    const diags = await s.diagnosticsFor(uri, version, 60000);
    assert.equal(byCode(diags, 'CC201').length, 1);
    assert.deepEqual(diags[0].range, { start: { line: 9, character: 8 }, end: { line: 9, character: 20 } });
    // Far fewer analyses than edits were published: stale work is dropped.
    assert.ok(s.publishCount.get(uri) < 1000, `published ${s.publishCount.get(uri)} times`);
    const status = fs.readFileSync(`/proc/${s.proc.pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]);
    assert.ok(hwm < 512 * 1024, `peak memory ${hwm} kB`);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

test('a huge document is refused with CC000, and the server goes on', async () => {
  const dir = workspace({});
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'huge.py'));
    const line = 'x = 1  # ' + 'a'.repeat(90) + '\n';
    const huge = line.repeat(Math.ceil((33 << 20) / line.length));
    s.open(uri, huge);
    const diags = await s.diagnosticsFor(uri, 1, 60000);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].code, 'CC000');
    assert.match(diags[0].message, /larger than 32 MiB/);
    // Edit in the middle of it, then bring it under the limit.
    s.change(uri, 2, [{ range: { start: { line: 1000, character: 0 }, end: { line: 1000, character: 0 } }, text: 'y = 2\n' }]);
    s.change(uri, 3, [{ range: { start: { line: 10, character: 0 }, end: { line: 1e9, character: 0 } }, text: '' }]);
    assert.deepEqual(await s.diagnosticsFor(uri, 3, 60000), []);
    const race = uriOf(path.join(dir, 'race.py'));
    s.open(race, RACE);
    assert.equal((await s.diagnosticsFor(race, 1)).length, 1);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});

// ---- errors, through raw bytes ----------------------------------------------------------------

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };

test('content that is not JSON answers -32700 with a null id, and the server goes on', async () => {
  const r = new Raw();
  r.send(INIT);
  await r.response(1);
  r.write(Raw.frame('{"jsonrpc": "2.0", "id": 5, "method": '));
  r.send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
  await r.response(2);
  const err = r.out.find((m) => m.error && m.error.code === -32700);
  assert.ok(err, JSON.stringify(r.out));
  assert.equal(err.id, null);
  r.send({ jsonrpc: '2.0', method: 'exit' });
  assert.equal(await r.exit, 0);
});

test('a request before initialize answers -32002; exit without shutdown ends with 1', async () => {
  const r = new Raw();
  r.send({ jsonrpc: '2.0', id: 7, method: 'textDocument/hover', params: {} });
  const res = await r.response(7);
  assert.equal(res.error.code, -32002);
  r.send({ jsonrpc: '2.0', method: 'exit' });
  assert.equal(await r.exit, 1);
});

test('unknown methods answer -32601; notifications are never answered', async () => {
  const r = new Raw();
  r.send(INIT);
  await r.response(1);
  r.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
  r.send({ jsonrpc: '2.0', method: 'concur/noSuchNotification', params: {} });
  r.send({ jsonrpc: '2.0', method: '$/setTrace', params: { value: 'off' } });
  r.send({ jsonrpc: '2.0', id: 3, method: 'concur/noSuchRequest', params: {} });
  const res = await r.response(3);
  assert.equal(res.error.code, -32601);
  r.send({ jsonrpc: '2.0', id: 4, method: 'shutdown' });
  await r.response(4);
  // Everything the server wrote answers a request: ids 1, 3 and 4 only.
  assert.deepEqual(r.out.filter((m) => !m.method).map((m) => m.id), [1, 3, 4]);
  r.send({ jsonrpc: '2.0', method: 'exit' });
  assert.equal(await r.exit, 0);
});

test('a request after shutdown answers -32600; exit then ends with 0', async () => {
  const r = new Raw();
  r.send(INIT);
  await r.response(1);
  r.send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
  assert.equal((await r.response(2)).result, null);
  r.send({ jsonrpc: '2.0', id: 3, method: 'textDocument/hover', params: {} });
  assert.equal((await r.response(3)).error.code, -32600);
  r.send({ jsonrpc: '2.0', method: 'exit' });
  assert.equal(await r.exit, 0);
});

test('a cancelled request answers -32800', async () => {
  const dir = workspace({});
  const r = new Raw();
  r.send({ ...INIT, params: { ...INIT.params, rootUri: uriOf(dir) } });
  await r.response(1);
  r.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
  // A large document makes the analysis the hover waits for take a while; the cancellation is
  // in the same write as the request.
  const uri = uriOf(path.join(dir, 'big.py'));
  let text = RACE;
  for (let i = 0; i < 20000; i++) text += `def f${i}(a):\n    return [x * a for x in range(a) if x % 3]\n\n`;
  r.write(Buffer.concat([
    Raw.frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text } } }),
    Raw.frame({ jsonrpc: '2.0', id: 9, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 9, character: 10 } } }),
    Raw.frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 9 } }),
  ]));
  const res = await r.response(9, 60000);
  assert.equal(res.error && res.error.code, -32800, JSON.stringify(res));
  // The server is still usable: the same hover, not cancelled, answers.
  r.send({ jsonrpc: '2.0', id: 10, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 9, character: 10 } } });
  const ok = await r.response(10, 60000);
  assert.match(ok.result.contents.value, /CC201/);
  r.send({ jsonrpc: '2.0', id: 11, method: 'shutdown' });
  await r.response(11);
  r.send({ jsonrpc: '2.0', method: 'exit' });
  assert.equal(await r.exit, 0);
});

test('a bad Content-Length is logged and the server exits non-zero', async () => {
  for (const bad of ['Content-Length: twelve\r\n\r\n{}', 'Content-Type: x\r\n\r\n{}', 'Content-Length: 99999999999999\r\n\r\n']) {
    const r = new Raw();
    r.send(INIT);
    await r.response(1);
    r.write(bad);
    const code = await r.exit;
    assert.notEqual(code, 0, bad);
    assert.match(r.stderr, /Content-Length|cannot be recovered/, r.stderr);
  }
});

test('the end of input without shutdown ends with 1; `--help` documents the server', async () => {
  const r = new Raw();
  r.send(INIT);
  await r.response(1);
  r.end();
  assert.equal(await r.exit, 1);
  const { execFileSync } = require('node:child_process');
  const help = execFileSync(require('./helpers').BIN, ['lsp', '--help']).toString();
  assert.match(help, /Usage: concur lsp/);
  assert.match(help, /--stdio/);
});

test('vscode-jsonrpc cancellation reaches the server', async () => {
  const dir = workspace({});
  const s = new Session();
  try {
    await s.initialize(dir);
    const uri = uriOf(path.join(dir, 'big.py'));
    let text = RACE;
    for (let i = 0; i < 20000; i++) text += `def f${i}(a):\n    return [x * a for x in range(a) if x % 3]\n\n`;
    s.open(uri, text);
    const src = new rpc.CancellationTokenSource();
    const p = s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 10 } }, src.token);
    src.cancel();
    await assert.rejects(p, (e) => e.code === -32800);
    assert.equal(await s.stop(), 0);
  } finally {
    s.kill();
  }
});
