// The concur extension: a thin client. Every finding, hover, quick fix and hint comes from the
// language server (`concur lsp`), the benchmark verdicts from `concur check --verify`; nothing
// here analyses code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import {
    ExecuteCommandRequest,
    LanguageClient,
    LanguageClientOptions,
    ServerOptions,
    State,
} from 'vscode-languageclient/node';

const SECTION = 'concur';
// The server's command has its own name: the client registers a VS Code command for each command
// the server offers, which must not collide with the extension's own.
const SERVER_ANALYSE_COMMAND = 'concur.lsp.analyseWorkspace';

let client: LanguageClient | undefined;
// The language server's log, and the output of the commands that run `concur check`.
let serverLog: vscode.LogOutputChannel;
let output: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    serverLog = vscode.window.createOutputChannel('concur language server', { log: true });
    output = vscode.window.createOutputChannel('concur');
    context.subscriptions.push(
        serverLog,
        output,
        vscode.commands.registerCommand('concur.analyseWorkspace', analyseWorkspace),
        vscode.commands.registerCommand('concur.verifyAdvice', verifyAdvice),
        vscode.commands.registerCommand('concur.restartServer', restartServer),
        vscode.workspace.onDidChangeConfiguration((event) => {
            // Other settings reach the running server through workspace/configuration.
            if (event.affectsConfiguration('concur.path')) void restartServer();
        }),
    );
    await startServer();
}

export async function deactivate(): Promise<void> {
    if (client) await client.stop();
    client = undefined;
}

/** The concur executable: the setting `concur.path`, else `concur` on PATH; undefined if absent. */
function concurExecutable(): string | undefined {
    const configured = vscode.workspace.getConfiguration(SECTION).get<string>('path', '').trim();
    if (configured) {
        let candidate = configured.replace(/^~(?=$|\/)/, process.env.HOME ?? '~');
        const folder = vscode.workspace.workspaceFolders?.[0];
        if (!path.isAbsolute(candidate) && folder) {
            candidate = path.join(folder.uri.fsPath, candidate);
        }
        return isExecutable(candidate) ? candidate : undefined;
    }
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
        const candidate = path.join(dir || '.', 'concur');
        if (isExecutable(candidate)) return candidate;
    }
    return undefined;
}

function isExecutable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

function reportMissingExecutable(): void {
    const configured = vscode.workspace.getConfiguration(SECTION).get<string>('path', '');
    const message = configured
        ? `concur: the setting concur.path names "${configured}", which is not an executable file.`
        : 'concur: no `concur` executable on PATH. Install concur or set concur.path.';
    output.appendLine(message);
    void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
        if (choice) {
            void vscode.commands.executeCommand('workbench.action.openSettings', 'concur.path');
        }
    });
}

async function startServer(): Promise<void> {
    const command = concurExecutable();
    if (!command) {
        reportMissingExecutable();
        return;
    }
    serverLog.info(`starting ${command} lsp`);
    const serverOptions: ServerOptions = { command, args: ['lsp'] };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'python' },
            { scheme: 'file', language: 'c' },
            { scheme: 'untitled', language: 'python' },
            { scheme: 'untitled', language: 'c' },
        ],
        // No `synchronize.configurationSection`: the server registers for
        // workspace/didChangeConfiguration itself and then pulls the `concur` section with
        // workspace/configuration, which the client answers from the settings. Both at once
        // would send every change twice.
        outputChannel: serverLog,
    };
    client = new LanguageClient('concur', 'concur', serverOptions, clientOptions);
    try {
        await client.start();
    } catch (err) {
        serverLog.error(`the language server did not start: ${String(err)}`);
        void vscode.window.showErrorMessage(
            `concur: the language server did not start (${String(err)}).`);
    }
}

async function restartServer(): Promise<void> {
    const old = client;
    client = undefined;
    if (old) {
        try {
            await old.stop();
        } catch (err) {
            serverLog.warn(`stopping the language server: ${String(err)}`);
        }
    }
    await startServer();
}

/** The settings as command-line options, the same ones the server reads. */
function settingsAsArguments(): string[] {
    const config = vscode.workspace.getConfiguration(SECTION);
    const args: string[] = [];
    const target = config.get<string>('targetPython', '').trim();
    if (target) args.push('--target-python', target);
    const select = config.get<string[]>('select', []);
    if (select.length) args.push('--select', select.join(','));
    const ignore = config.get<string[]>('ignore', []);
    if (ignore.length) args.push('--ignore', ignore.join(','));
    return args;
}

async function pickFolder(purpose: string): Promise<vscode.WorkspaceFolder | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
        void vscode.window.showWarningMessage(`concur: open a folder to ${purpose}.`);
        return undefined;
    }
    if (folders.length === 1) return folders[0];
    return vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder to ${purpose}` });
}

/**
 * Runs concur with an argv array (never through a shell) in `cwd`, its output shown in the
 * output channel as it comes. Resolves to the exit code (null: ended by a signal, or could not
 * start). Cancelling the token kills the process.
 */
function runConcur(
    exe: string,
    args: string[],
    cwd: string,
    token: vscode.CancellationToken,
): Promise<number | null> {
    return new Promise((resolve) => {
        const child = spawn(exe, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
        const cancel = token.onCancellationRequested(() => child.kill('SIGTERM'));
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.append(chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.append(chunk));
        child.on('error', (err) => output.appendLine(`cannot run ${exe}: ${String(err)}`));
        child.on('close', (code) => {
            cancel.dispose();
            resolve(code);
        });
    });
}

/** "concur: Verify advice with a benchmark": `concur check --verify FOLDER`, shown as it runs. */
async function verifyAdvice(): Promise<void> {
    const exe = concurExecutable();
    if (!exe) return reportMissingExecutable();
    const folder = await pickFolder('verify');
    if (!folder) return;
    const args = ['check', '--verify', ...settingsAsArguments(), folder.uri.fsPath];
    output.show(true);
    output.appendLine(`$ ${[exe, ...args].join(' ')}`);
    const code = await vscode.window.withProgress(
        {
            location: vscode.ProgressLocation.Notification,
            title: 'concur: verifying advice with benchmarks',
            cancellable: true,
        },
        (_progress, token) => runConcur(exe, args, folder.uri.fsPath, token),
    );
    output.appendLine(`[concur exited with ${code ?? 'a signal'}]`);
    // 0 and 1 are the analyser's answers (1: findings); 2 and 3 mean it could not do the job.
    if (code !== 0 && code !== 1) {
        void vscode.window.showErrorMessage(
            `concur check --verify failed (exit ${code ?? 'signal'}); see the concur output.`,
        );
    }
}

/**
 * "concur: Analyse workspace": every file of the workspace folders, not only the open ones. The
 * server does the work (its command `concur.lsp.analyseWorkspace`) and publishes the findings,
 * which VS Code lists in the Problems panel.
 */
async function analyseWorkspace(): Promise<void> {
    if (!client || client.state !== State.Running) {
        await restartServer();
        if (!client || client.state !== State.Running) return;
    }
    const running = client;
    const offered = running.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    if (!offered.includes(SERVER_ANALYSE_COMMAND)) {
        void vscode.window.showErrorMessage(
            `concur: this concur's language server does not offer ${SERVER_ANALYSE_COMMAND}; ` +
            'update concur.');
        return;
    }
    await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'concur: analysing the workspace' },
        async () => {
            try {
                await running.sendRequest(ExecuteCommandRequest.type,
                    { command: SERVER_ANALYSE_COMMAND, arguments: [] });
            } catch (err) {
                serverLog.error(`${SERVER_ANALYSE_COMMAND}: ${String(err)}`);
                void vscode.window.showErrorMessage(
                    `concur: the workspace analysis failed (${String(err)}).`);
            }
        },
    );
}
