// The one context object the composition root builds: it owns everything the extension creates — output channels,
// the language client, the cluster session, the views, the status bar, the panels and the commands — and disposes
// it all at once (the rust-analyzer `ctx.ts` pattern). No module reaches for globals: each gets this object.
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClusterSession, type SessionChoice } from './cluster';

const CHOICE_KEY = 'rolloutPilot.clusterChoice';

/** A relative `rolloutPilot.kubeconfig` is relative to the first workspace folder (as a workspace setting means). */
function resolveSettingPath(p: string | undefined): string | undefined {
  if (!p || isAbsolute(p) || p.startsWith('~')) return p;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder ? join(folder.uri.fsPath, p) : p;
}

export class Ctx implements vscode.Disposable {
  /** the manifest checker's log */
  readonly output: vscode.LogOutputChannel;
  /** each cluster request and watch change */
  readonly clusterLog: vscode.LogOutputChannel;
  client?: LanguageClient;
  private sessionValue: ClusterSession | undefined;
  private readonly sessionChanged = new vscode.EventEmitter<ClusterSession | undefined>();
  /** fires when the session is replaced (trust granted, kubeconfig setting changed) */
  readonly onDidChangeSession = this.sessionChanged.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = this.own(vscode.window.createOutputChannel('Rollout Pilot', { log: true }));
    this.clusterLog = this.own(vscode.window.createOutputChannel('Argo Rollouts', { log: true }));
    this.own(this.sessionChanged);
  }

  /** Registers a disposable to be disposed with the context; returns it. */
  own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  get session(): ClusterSession | undefined {
    return this.sessionValue;
  }

  /** Whether the cluster views may run: a kubeconfig is code (exec plugins), so only in a trusted workspace. */
  get clusterAllowed(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** The context/namespace picked in this workspace (never written to the kubeconfig). */
  get choice(): SessionChoice {
    return this.extension.workspaceState.get<SessionChoice>(CHOICE_KEY) ?? {};
  }

  async setChoice(choice: SessionChoice): Promise<void> {
    await this.extension.workspaceState.update(CHOICE_KEY, choice.context || choice.namespace ? choice : undefined);
    this.sessionValue?.setChoice(choice);
  }

  /** (Re)creates the cluster session from the settings, or none in a restricted workspace. */
  startSession(): void {
    this.sessionValue?.dispose();
    this.sessionValue = undefined;
    if (this.clusterAllowed) {
      const explicitPath = resolveSettingPath(vscode.workspace.getConfiguration('rolloutPilot').get<string>('kubeconfig') || undefined);
      this.sessionValue = new ClusterSession({
        kubeconfig: explicitPath ? { explicitPath } : {},
        choice: this.choice,
        log: (line) => this.clusterLog.info(line),
      });
    }
    void vscode.commands.executeCommand('setContext', 'rolloutPilot.clusterAllowed', this.clusterAllowed);
    this.sessionChanged.fire(this.sessionValue);
  }

  dispose(): void {
    this.sessionValue?.dispose();
    this.sessionValue = undefined;
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        console.error(e);
      }
    }
  }
}
