// The concur extension in a real VS Code: code-server with the packaged .vsix installed, driven
// by headless Chromium through playwright-core. It checks what a user sees: the squiggles, the
// Problems entries, the hover, a quick fix that adds a suppression comment, the inlay hint at the
// spawn site, and the two commands. Screenshots go to build/editor-artifacts/.
//
// Run by scripts/test-editor.sh (node --test). Environment:
//   CONCUR_BIN       the concur binary (default build/concur)
//   CONCUR_VSIX      the packaged extension (default build/editor/concur-0.1.0.vsix)
//   CHROMIUM_BIN     the browser (default Debian's /usr/lib/chromium/chromium)
//   CONCUR_UPDATE_SCREENSHOT=1   also writes the README's screenshot, vscode-ext/images/hints.png
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { hintLabel, hoverText, probeServer } from './lsp-probe.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const concurBin = path.resolve(root, process.env.CONCUR_BIN || 'build/concur');
const vsix = path.resolve(root, process.env.CONCUR_VSIX || 'build/editor/concur-0.1.0.vsix');
const chromiumBin = process.env.CHROMIUM_BIN ||
    ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => fs.existsSync(p));
const codeServer = path.join(here, 'code-server/node_modules/code-server/out/node/entry.js');
const artifacts = path.join(root, 'build/editor-artifacts');
const FILE = 'jobs.py';
// Known facts of the fixture that any correct concur reports (line numbers are 1-based).
const SUBMIT_LINE = 10; // `future = pool.submit(square, 7)` at import time: CC303
const MAP_LINE = 12; // `pool.map(task, ...)` with `task` a lambda: CC302 (and CC303)
const REPORT_FILE = 'report.py'; // never opened; only "concur: Analyse workspace" reports it

let tmp;
let workspace;
let server;
let serverLog = '';
let browser;
let page;
let cliFindings; // what `concur check --format json` reports for the fixture
let probe; // what `concur lsp` answers directly for jobs.py
let shot = 0;

// ---------------------------------------------------------------------------------------------
// Helpers

async function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const { port } = s.address();
            s.close(() => resolve(port));
        });
    });
}

async function until(what, fn, timeoutMs = 30000, everyMs = 250) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
        try {
            last = await fn();
            if (last) return last;
        } catch (err) {
            last = err;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` +
                (last instanceof Error ? `: ${last.message}` : ''));
        }
        await new Promise((r) => setTimeout(r, everyMs));
    }
}

async function screenshot(name) {
    shot += 1;
    const file = path.join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
}

/** Runs a step; on failure keeps a screenshot of the moment. */
async function step(name, fn) {
    try {
        await fn();
    } catch (err) {
        if (page) await screenshot(`FAILED-${name}`).catch(() => {});
        throw err;
    }
}

const EDITOR = '.part.editor .monaco-editor';

async function focusEditor() {
    // "View: Focus First Editor Group" moves the focus without moving the cursor.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+1');
    await until('the focus in the editor', () => page.evaluate((sel) =>
        !!document.activeElement?.closest(sel), EDITOR), 5000);
}

/** Moves the cursor with "Go to Line/Column" (Ctrl+G); line and column are 1-based. */
async function goTo(line, column) {
    await focusEditor();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await until(`the cursor at ${line}:${column}`, async () =>
        (await page.locator('.statusbar-item[id="status.editor.selection"]').innerText())
            .includes(`Ln ${line}, Col ${column}`), 10000);
}

async function runCommand(title) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.press('Enter');
}

/**
 * The editor as rendered: for each visible line its number, its text (inlay hints included),
 * the injected texts (inlay hints) on it, and whether a squiggle of each severity covers it.
 */
async function renderedLines() {
    return page.evaluate((editorSel) => {
        const editor = document.querySelector(editorSel);
        if (!editor) return [];
        const topOf = (el) => parseFloat(el.style.top || el.parentElement?.style.top || 'NaN');
        const numbers = new Map();
        for (const n of editor.querySelectorAll('.margin-view-overlays > div')) {
            const label = n.querySelector('.line-numbers');
            if (label) numbers.set(topOf(n), Number(label.textContent.trim()));
        }
        const lines = new Map();
        for (const v of editor.querySelectorAll('.view-lines > .view-line')) {
            const line = numbers.get(topOf(v));
            const hints = [...v.querySelectorAll('span[class*="dyn-rule"]')]
                .map((s) => s.textContent.replace(/\u00a0/g, ' '));
            lines.set(line, {
                line, text: v.textContent.replace(/\u00a0/g, ' '), hints, squiggles: [],
            });
        }
        for (const o of editor.querySelectorAll('.view-overlays > div')) {
            const line = numbers.get(topOf(o));
            for (const s of o.querySelectorAll('[class*="squiggly-"]')) {
                const kind = /squiggly-(error|warning|info|hint)/.exec(s.className)?.[1];
                if (kind && lines.has(line)) lines.get(line).squiggles.push(kind);
            }
        }
        return [...lines.values()].sort((a, b) => a.line - b.line);
    }, EDITOR);
}

/** The Problems panel's entries: { file, severity, message, line, column, code }. */
async function problems() {
    return page.evaluate(() => {
        const out = [];
        let file = null;
        for (const row of document.querySelectorAll('.markers-panel .monaco-list-row[aria-label]')) {
            const label = row.getAttribute('aria-label');
            const f = /problems? in file (.+) of folder/.exec(label);
            if (f) { file = f[1]; continue; }
            const m = /^(Error|Warning|Info): ([\s\S]*) at line (\d+) and character (\d+)\./.exec(label);
            if (!m) continue;
            out.push({
                file, severity: m[1].toLowerCase(), message: m[2], line: Number(m[3]),
                column: Number(m[4]), code: row.querySelector('.marker-code')?.textContent.trim() ?? '',
            });
        }
        return out;
    });
}

async function showProblems() {
    if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) {
        await page.keyboard.press('Control+Shift+M');
        await page.locator('.markers-panel').waitFor({ state: 'visible' });
    }
}

const key = (p) => `${p.code}@${p.line}:${p.column}`;

// ---------------------------------------------------------------------------------------------

describe('concur extension in code-server', () => {
    before(async () => {
        for (const [what, file] of [['concur (CONCUR_BIN)', concurBin], ['the .vsix', vsix],
            ['code-server', codeServer], ['chromium', chromiumBin ?? '/usr/lib/chromium/chromium']]) {
            assert.ok(fs.existsSync(file), `${what} not found at ${file}; run scripts/setup-editor.sh`);
        }
        fs.rmSync(artifacts, { recursive: true, force: true });
        fs.mkdirSync(artifacts, { recursive: true });
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'concur-editor-'));
        workspace = path.join(tmp, 'workspace');
        fs.cpSync(path.join(here, 'workspace'), workspace, { recursive: true });
        fs.mkdirSync(path.join(workspace, '.vscode'));
        fs.writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify({
            'concur.path': concurBin,
            'concur.trace.server': 'messages',
            'editor.inlayHints.enabled': 'on',
        }, null, 2));

        // The reference: the same binary's command line on the same files.
        let json;
        try {
            json = execFileSync(concurBin, ['check', '--format', 'json', '--fail-on', 'never', '.'],
                { cwd: workspace, encoding: 'utf8' });
        } catch (err) {
            throw new Error(`concur check failed: ${err.stderr || err.message}`);
        }
        cliFindings = JSON.parse(json).findings;
        const mapCC302 = cliFindings.find((f) => f.path === FILE && f.code === 'CC302');
        assert.ok(mapCC302, 'the fixture has a CC302 for the command line');
        probe = await probeServer(concurBin, path.join(workspace, FILE),
            { line: mapCC302.line - 1, character: mapCC302.column - 1 });
    });

    after(async () => {
        if (browser) await browser.close().catch(() => {});
        if (server && server.exitCode === null) {
            try {
                process.kill(-server.pid, 'SIGTERM'); // code-server and the processes it started
            } catch { /* already gone */ }
        }
        if (tmp) {
            fs.writeFileSync(path.join(artifacts, 'code-server.log'), serverLog);
            const logs = path.join(tmp, 'user-data/logs');
            if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifacts, 'vscode-logs'), { recursive: true });
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it('installs the .vsix with code-server --install-extension', { timeout: 120000 }, async () => {
        const userData = path.join(tmp, 'user-data');
        fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
        fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({
            'workbench.startupEditor': 'none',
            'workbench.secondarySideBar.defaultVisibility': 'hidden',
            'workbench.tips.enabled': false,
            'chat.disableAIFeatures': true,
            'telemetry.telemetryLevel': 'off',
            'extensions.autoCheckUpdates': false,
            'extensions.autoUpdate': false,
            'update.mode': 'none',
            'editor.minimap.enabled': false,
            'window.zoomLevel': 0,
        }, null, 2));
        const out = execFileSync(process.execPath, [codeServer, ...codeServerDirs(),
            '--install-extension', vsix], { env: codeServerEnv(), encoding: 'utf8' });
        assert.match(out, /successfully installed/i, out);
        const list = execFileSync(process.execPath, [codeServer, ...codeServerDirs(),
            '--list-extensions', '--show-versions'], { env: codeServerEnv(), encoding: 'utf8' });
        assert.match(list, /^concur\.concur@0\.1\.0$/m, list);
    });

    it('opens the workspace and the Python file in code-server', { timeout: 180000 }, async () => {
        const port = await freePort();
        server = spawn(process.execPath, [codeServer, ...codeServerDirs(),
            '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
            '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
            '--ignore-last-opened', workspace],
        { env: codeServerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        server.stdout.on('data', (d) => { serverLog += d; });
        server.stderr.on('data', (d) => { serverLog += d; });
        await until('code-server to answer /healthz', async () => {
            assert.equal(server.exitCode, null, `code-server exited:\n${serverLog}`);
            const r = await fetch(`http://127.0.0.1:${port}/healthz`);
            return r.ok;
        }, 60000);

        browser = await chromium.launch({
            executablePath: chromiumBin,
            // Root in a container needs --no-sandbox; the resolver rule keeps the page on this machine.
            args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
        });
        page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
        await page.locator('.explorer-folders-view').waitFor({ timeout: 60000 });

        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(FILE);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
        await page.keyboard.press('Enter');
        await page.locator('.tab.active', { hasText: FILE }).waitFor({ timeout: 30000 });
        await until('the file in the editor', async () =>
            (await renderedLines()).some((l) => l.text.includes('ProcessPoolExecutor(')));
        await screenshot('opened');
    });

    it('underlines the findings with squiggles', { timeout: 90000 }, () => step('squiggles', async () => {
        const lines = await until('squiggles on lines ' + SUBMIT_LINE + ' and ' + MAP_LINE,
            async () => {
                const ls = await renderedLines();
                const on = (n) => ls.find((l) => l.line === n)?.squiggles.includes('error');
                return on(SUBMIT_LINE) && on(MAP_LINE) ? ls : null;
            }, 60000);
        // Every line with a squiggle holds a finding of the command line, and the reverse.
        const squiggled = lines.filter((l) => l.squiggles.length).map((l) => l.line);
        const expected = [...new Set(cliFindings.filter((f) => f.path === FILE)
            .flatMap((f) => range(f.line, f.end_line)))].sort((a, b) => a - b);
        assert.deepEqual(squiggled, expected);
        await screenshot('squiggles');
    }));

    it('lists the findings in the Problems panel', { timeout: 60000 }, () => step('problems', async () => {
        await focusEditor();
        await showProblems();
        const want = cliFindings.filter((f) => f.path === FILE).map(key).sort();
        const shown = await until('the Problems entries of ' + FILE, async () => {
            const ps = (await problems()).filter((p) => p.file === FILE);
            return ps.length === want.length ? ps : null;
        }, 30000);
        assert.deepEqual(shown.map(key).sort(), want);
        assert.ok(shown.some((p) => p.code === 'CC303' && p.line === SUBMIT_LINE));
        assert.ok(shown.some((p) => p.code === 'CC302' && p.line === MAP_LINE));
        for (const p of shown) {
            const f = cliFindings.find((c) => key(c) === key(p));
            assert.equal(p.severity, f.severity === 'note' ? 'info' : f.severity, key(p));
            assert.ok(p.message.includes(f.message), `${key(p)}: "${p.message}" lacks "${f.message}"`);
        }
        await screenshot('problems');
    }));

    it('shows the inlay hint the server sends', { timeout: 60000 }, () => step('inlay-hint', async () => {
        const sent = probe.inlayHints ?? [];
        const source = fs.readFileSync(path.join(workspace, FILE), 'utf8').split('\n');
        if (sent.length === 0) {
            // Nothing to show: then nothing may be shown either. Noted in the test's output.
            const why = probe.capabilities.inlayHintProvider
                ? 'the server offers inlay hints but sent none for this file'
                : 'the server does not offer inlay hints';
            console.log(`# NOTE: ${why}; checking that the editor shows none`);
            await new Promise((r) => setTimeout(r, 3000));
            const extra = (await renderedLines()).filter((l) => l.text !== source[l.line - 1]);
            assert.deepEqual(extra, [], 'the editor shows text the file does not have');
            return;
        }
        const wanted = sent.map((h) => ({ line: h.position.line + 1, label: hintLabel(h).trim() }));
        const lines = await until('the inlay hints ' + JSON.stringify(wanted), async () => {
            const ls = await renderedLines();
            return wanted.every((w) => ls.find((l) => l.line === w.line)?.hints
                .some((h) => h.trim() === w.label)) ? ls : null;
        }, 30000);
        for (const w of wanted) {
            const l = lines.find((x) => x.line === w.line);
            // Take the hints out and the file's own text must remain: they are not in the file.
            let text = l.text;
            for (const h of l.hints) text = text.replace(h, '');
            assert.equal(text, source[w.line - 1], `line ${w.line} apart from its hints`);
        }
        console.log(`# inlay hints shown: ${JSON.stringify(wanted)}`);
        await screenshot('inlay-hint');
    }));

    it('shows the rule\'s explanation on hover', { timeout: 60000 }, () => step('hover', async () => {
        const f = cliFindings.find((c) => c.path === FILE && c.code === 'CC302');
        await page.keyboard.press('Escape');
        await goTo(f.line, f.column);
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        const hover = page.locator('.monaco-hover').filter({ visible: true }).first();
        await hover.waitFor({ state: 'visible', timeout: 15000 });
        // The diagnostic part of the hover (VS Code's) and the server's own part (its hover reply).
        const markers = await until('the finding in the hover', async () => {
            const t = await hover.locator('.marker.hover-contents').allInnerTexts();
            return t.some((x) => x.includes('CC302')) ? t : null;
        }, 15000);
        assert.ok(markers.some((x) => x.includes(f.message.slice(0, 40))), markers.join('\n'));
        const expected = hoverText(probe.hover);
        assert.ok(expected.trim(), 'concur lsp answers a hover at the CC302 finding');
        const shown = await until('the server\'s hover text', async () => {
            const t = (await hover.locator('.markdown-hover').allInnerTexts()).join('\n');
            return t.trim() ? t : null;
        }, 15000);
        // Compare words: the editor renders the markdown, so its punctuation differs.
        const words = (s) => s.replace(/[`*_#>[\]()|]/g, ' ').split(/\s+/).filter(Boolean);
        const firstWords = words(expected).slice(0, 12).join(' ');
        assert.ok(words(shown).join(' ').includes(firstWords),
            `hover shows:\n${shown}\nexpected it to contain: ${firstWords}`);
        await screenshot('hover');
        await page.keyboard.press('Escape');

        // The README's picture: the squiggles, the hover of the finding on the submit line (the
        // only one there) and the inlay hints, when the server sends any.
        const g = cliFindings.find((c) => c.path === FILE && c.code === 'CC303' &&
            c.line === SUBMIT_LINE);
        if (await page.locator('.markers-panel').isVisible().catch(() => false)) {
            await page.keyboard.press('Control+J'); // the panel away: the editor gets the height
            await page.locator('.markers-panel').waitFor({ state: 'hidden' });
        }
        await goTo(g.line, g.column);
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        await until('the hover on the submit line', async () =>
            (await hover.locator('.markdown-hover').allInnerTexts()).join('').includes('CC303'), 15000);
        await page.mouse.move(0, 0);
        const pic = path.join(artifacts, 'hints.png');
        const bottom = await hover.evaluate((e) => e.getBoundingClientRect().bottom);
        await page.screenshot({ path: pic, clip: await editorClip(bottom + 16) });
        if (process.env.CONCUR_UPDATE_SCREENSHOT === '1') {
            fs.copyFileSync(pic, path.join(root, 'vscode-ext/images/hints.png'));
        }
        await page.keyboard.press('Escape');
    }));

    it('applies the "add suppression comment" quick fix', { timeout: 90000 }, () => step('quick-fix', async () => {
        const target = cliFindings.find((c) => c.path === FILE && c.code === 'CC303' &&
            c.line === SUBMIT_LINE);
        assert.ok(target, `the command line reports CC303 on line ${SUBMIT_LINE}`);
        await showProblems();
        const before = (await problems()).filter((p) => p.file === FILE);
        assert.ok(before.some((p) => p.code === 'CC303' && p.line === target.line), 'CC303 listed');
        await goTo(target.line, target.column);
        await page.keyboard.press('Control+.');
        const menu = page.locator('.action-widget').filter({ visible: true }).first();
        await menu.waitFor({ state: 'visible', timeout: 15000 });
        const items = await menu.locator('.monaco-list-row.action').evaluateAll(
            (rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent));
        const fix = items.find((t) => /suppress/i.test(t) && t.includes('CC303'));
        assert.ok(fix, `no suppression fix for CC303 among the quick fixes: ${JSON.stringify(items)}`);
        await screenshot('quick-fix-menu');
        await menu.locator('.monaco-list-row.action', { hasText: fix.split(',')[0] }).first().click();

        const suppression = 'concur: ignore[CC303]';
        const lines = await until('the suppression comment in the text', async () => {
            const ls = await renderedLines();
            return ls.some((l) => l.text.includes(suppression)) ? ls : null;
        }, 15000);
        const submitLine = lines.find((l) => l.text.includes('pool.submit(square, 7)')).line;
        const commentLine = lines.find((l) => l.text.includes(suppression)).line;
        assert.ok(commentLine === submitLine || commentLine === submitLine - 1,
            `the comment is on line ${commentLine}, the submit on ${submitLine}`);
        // The finding it silences goes away; the others stay.
        const after = await until('the CC303 entry on the submit line to go', async () => {
            const ps = (await problems()).filter((p) => p.file === FILE);
            return ps.length === before.length - 1 &&
                !ps.some((p) => p.code === 'CC303' && p.line === submitLine) ? ps : null;
        }, 30000);
        assert.ok(after.some((p) => p.code === 'CC302'), 'CC302 is still reported');
        const squiggled = await until('the squiggle on the submit line to go', async () => {
            const ls = await renderedLines();
            return ls.find((l) => l.line === submitLine)?.squiggles.length === 0 ? ls : null;
        }, 15000);
        assert.ok(squiggled.some((l) => l.squiggles.length > 0), 'the other findings keep theirs');
        await screenshot('quick-fix-applied');
    }));

    it('passes the concur.ignore setting to the server', { timeout: 90000 }, () =>
        step('settings', async () => {
            // VS Code notices the settings file change; the server is told and pulls the section.
            const file = path.join(workspace, '.vscode/settings.json');
            const original = fs.readFileSync(file, 'utf8');
            const cc302 = async () =>
                (await problems()).filter((p) => p.file === FILE && p.code === 'CC302');
            assert.equal((await cc302()).length, 1, 'CC302 is reported before');
            const ignoring = { ...JSON.parse(original), 'concur.ignore': ['CC302'] };
            fs.writeFileSync(file, JSON.stringify(ignoring));
            await until('CC302 to go with concur.ignore = ["CC302"]', async () =>
                (await cc302()).length === 0, 30000);
            assert.ok((await problems()).some((p) => p.file === FILE && p.code === 'CC303'),
                'the other rules still report');
            await screenshot('setting-ignore');
            fs.writeFileSync(file, original);
            await until('CC302 to come back without the setting', async () =>
                (await cc302()).length === 1, 30000);
        }));

    it('"concur: Analyse workspace" reports files that are not open', { timeout: 90000 }, () =>
        step('analyse-workspace', async () => {
            const want = cliFindings.filter((f) => f.path === REPORT_FILE).map(key).sort();
            assert.ok(want.length > 0, `the command line reports something in ${REPORT_FILE}`);
            await focusEditor();
            await showProblems();
            assert.equal((await problems()).filter((p) => p.file === REPORT_FILE).length, 0,
                `${REPORT_FILE} is not open, so nothing reports it yet`);
            await runCommand('concur: Analyse workspace');
            const shown = await until(`the Problems entries of ${REPORT_FILE}`, async () => {
                const ps = (await problems()).filter((p) => p.file === REPORT_FILE);
                return ps.length === want.length ? ps : null;
            }, 60000);
            assert.deepEqual(shown.map(key).sort(), want);
            await screenshot('analyse-workspace');
        }));

    it('"concur: Verify advice with a benchmark" runs concur check --verify', { timeout: 420000 }, () =>
        step('verify', async () => {
            await focusEditor();
            await runCommand('concur: Verify advice with a benchmark');
            const output = page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]')
                .filter({ visible: true }).first();
            await output.waitFor({ state: 'visible', timeout: 15000 });
            const text = () => output.locator('.view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' '));
            await until('the command line in the concur output', async () =>
                (await text()).includes(`check --verify`) && (await text()).includes(workspace), 15000);
            await screenshot('verify-started');
            const done = await until('concur check --verify to finish', async () => {
                const m = /\[concur exited with (\S+)\]/.exec(await text());
                return m ? m[1] : null;
            }, Number(process.env.CONCUR_VERIFY_TIMEOUT_MS || 400000), 1000);
            const all = await text();
            if (done === '2' && /unknown option\W+--verify/.test(all)) {
                // The flag comes with the benchmark issue; until then the wiring is what is tested.
                console.log('# NOTE: this concur has no --verify yet (exit 2, "unknown option")');
            } else {
                assert.ok(done === '0' || done === '1', `concur check --verify exited with ${done}:\n${all}`);
                console.log(`# concur check --verify exited with ${done}`);
            }
            await screenshot('verify-finished');
        }));
});

function codeServerDirs() {
    return ['--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'),
        '--config', path.join(tmp, 'config.yaml')];
}

function codeServerEnv() {
    return {
        ...process.env,
        // No extension gallery: the test must not reach out to the network.
        EXTENSIONS_GALLERY: '{}',
        XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
        XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
        XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    };
}

function range(from, to) {
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The editor area, from its top down to `bottom` (page pixels) at most. */
async function editorClip(bottom) {
    const box = await page.locator('.part.editor').boundingBox();
    return { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, bottom - box.y) };
}
