// The rollout page's host: one webview panel per rollout, restored after a reload (WebviewPanelSerializer). It
// waits for the page's `ready`, then pushes the rollout's state from the session whenever its objects change; the
// page never polls and never talks to the cluster. Every message from the page is parsed with the shared zod
// protocol: a malformed or unknown one is dropped and logged. Actions go through the same commands as the tree and
// the palette (same gates, same confirmations).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ActionId, ClusterSession } from '../cluster';
import type { Ctx } from '../ctx';
import { runAction } from '../commands/actions';
import { ACTION_IDS, parsePageMessage, savedStateSchema, type HostMessage } from '../../../webview/src/protocol';
import { pageHtml } from './pageHtml';
import { pageEntry, pageHealth, pageState, type PageTarget } from './pageState';

export { pageState };

export const VIEW_TYPE = 'rolloutPilot.rollout';

// the protocol's action ids and the cluster layer's are one list (a compile error if they drift)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameActions: Same<ActionId, (typeof ACTION_IDS)[number]> = true;
void sameActions;

type Target = PageTarget;

class RolloutPanel implements vscode.Disposable {
  private ready = false;
  private lastSignature = '';
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: Ctx,
    readonly panel: vscode.WebviewPanel,
    readonly target: Target,
    private readonly onDispose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.title = `Rollout ${target.name}`;
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'resources', 'rollouts.svg');
    const nonce = randomBytes(18).toString('base64url');
    panel.webview.html = pageHtml({
      nonce,
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      codiconCssUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
      title: `Rollout ${target.name}`,
    });
    this.subs.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get key(): string {
    return `${this.target.context}|${this.target.namespace}/${this.target.name}`;
  }

  /** Sends the state when it changed (or always, with force). */
  push(force = false): void {
    if (!this.ready) return;
    // decide from the cheap parts whether anything changed; build the state (analysis details and all) only then
    const session = this.ctx.session;
    const health = pageHealth(session, this.target);
    const signature = `${health.state}|${health.message ?? ''}|${pageEntry(session, this.target)?.signature ?? 'none'}`;
    if (!force && signature === this.lastSignature) return;
    this.lastSignature = signature;
    this.post({ type: 'state', state: pageState(session, this.target) });
  }

  private post(msg: HostMessage): void {
    void this.panel.webview.postMessage(msg);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parsePageMessage(raw);
    if (!parsed.ok) {
      this.ctx.clusterLog.warn(`rollout page ${this.target.name}: dropped a malformed message (${parsed.error})`);
      return;
    }
    const msg = parsed.msg;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.push(true);
        return;
      case 'revealManifest':
        await vscode.commands.executeCommand('rolloutPilot.revealManifest', `${this.target.namespace}/${this.target.name}`);
        return;
      case 'action': {
        const result = await runAction(this.ctx, msg.action, `${this.target.namespace}/${this.target.name}`, {
          ...(msg.container !== undefined ? { container: msg.container } : {}),
          ...(msg.revision !== undefined ? { revision: msg.revision } : {}),
        });
        this.post({ type: 'result', requestId: msg.requestId, ok: !!result?.ok, message: result ? result.message : 'cancelled' });
        return;
      }
    }
  }

  dispose(): void {
    for (const s of this.subs.splice(0)) s.dispose();
    this.onDispose();
  }
}

/** Every open rollout page; pushes new state to the pages whose rollout changed. */
export class RolloutPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<Target> {
  private readonly panels = new Map<string, RolloutPanel>();
  private sessionSub: vscode.Disposable | undefined;

  constructor(private readonly ctx: Ctx) {
    ctx.own(vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, this));
    ctx.own(ctx.onDidChangeSession((s) => this.attach(s)));
    this.attach(ctx.session);
  }

  private attach(session: ClusterSession | undefined): void {
    this.sessionSub?.dispose();
    this.sessionSub = session?.onDidChange((c) => {
      for (const p of this.panels.values()) {
        if (c.structural || c.changed.includes(`${p.target.namespace}/${p.target.name}`)) p.push();
      }
    });
    for (const p of this.panels.values()) p.push(true);
  }

  /** Opens (or reveals) the page of `namespace/name` in the session's current context. */
  open(key: string): void {
    const s = this.ctx.session;
    const [namespace, name] = key.split('/') as [string, string];
    const target: Target = { context: s?.view.context?.name ?? '', namespace, name };
    const existing = this.panels.get(`${target.context}|${key}`);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Rollout ${name}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist')],
    });
    this.adopt(panel, target);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = savedStateSchema.safeParse(state);
    if (!saved.success) {
      this.ctx.clusterLog.warn(`a rollout page could not be restored: its saved state is not a rollout (${saved.error.issues[0]?.message ?? ''})`);
      panel.dispose();
      return;
    }
    this.adopt(panel, saved.data);
  }

  private adopt(panel: vscode.WebviewPanel, target: Target): void {
    const p: RolloutPanel = new RolloutPanel(this.ctx, panel, target, () => this.panels.delete(p.key));
    this.panels.set(p.key, p);
  }

  /** For tests and the bench: the open pages' keys. */
  get openKeys(): string[] {
    return [...this.panels.keys()];
  }

  dispose(): void {
    this.sessionSub?.dispose();
    for (const p of [...this.panels.values()]) p.panel.dispose();
    this.panels.clear();
  }
}
