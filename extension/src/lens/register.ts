// The manifest meets the cluster, wiring only: a CodeLens provider for YAML (the lines come from lensModel.ts),
// drift hints as hint-level diagnostics (source `rollout-pilot-live`, from drift.ts), and "Compare with Live"
// (compare/compareCommand.ts). Everything follows the cluster session's change events; the language server is asked
// for a file's objects once per document version; the cluster is asked nothing per keystroke (a live HPA list per
// namespace, read when a Rollout document sets `replicas`, is read again only when a rollout's replica count there
// changes or the session changes structurally).
import * as vscode from 'vscode';
import type { ClusterSession, KubeClient } from '../cluster';
import { registerCompare } from '../compare/compareCommand';
import type { Ctx } from '../ctx';
import { liveHpasOf, rolloutDrift, type LiveHpa } from './drift';
import { lensItems, namespaceOf, sessionReady, shownKeys } from './lensModel';
import { ManifestResources } from './manifestResources';

/** The language client's selector: files and untitled YAML (never Compare with Live's read-only copies). */
const YAML: vscode.DocumentSelector = [{ scheme: 'file', language: 'yaml' }, { scheme: 'file', pattern: '**/*.{yaml,yml}' }, { scheme: 'untitled', language: 'yaml' }];
export const DRIFT_SOURCE = 'rollout-pilot-live';

const isYaml = (d: vscode.TextDocument) => vscode.languages.match(YAML, d) > 0;
const setting = <T>(key: string, fallback: T, scope?: vscode.ConfigurationScope): T =>
  vscode.workspace.getConfiguration('rolloutPilot', scope).get<T>(key, fallback);

class RolloutLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** `namespace/name` of the rollouts some lens shows, so unrelated session changes cost nothing */
  private shown = new Set<string>();

  constructor(
    private readonly ctx: Ctx,
    private readonly resources: ManifestResources,
  ) {}

  refresh(keys?: readonly string[]): void {
    if (keys && !keys.some((k) => this.shown.has(k))) return;
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const session = this.ctx.session;
    const status = setting('codeLens.enabled', true, doc);
    const compare = setting('codeLens.compareWithLive', true, doc);
    if ((!status && !compare) || !vscode.workspace.getConfiguration('editor', doc).get<boolean>('codeLens', true)) return [];
    if (!sessionReady(session)) return [];
    const rs = await this.resources.of(doc);
    for (const k of shownKeys(rs, session.view)) this.shown.add(k);
    const lenses: vscode.CodeLens[] = [];
    for (const r of rs) {
      const at = new vscode.Range(r.range.start.line, 0, r.range.start.line, 0);
      for (const item of lensItems(r, session, doc.uri.toString(), { status, compare })) {
        lenses.push(
          new vscode.CodeLens(at, {
            title: item.title,
            command: item.command ?? '',
            ...(item.arguments ? { arguments: item.arguments } : {}),
            ...(item.tooltip ? { tooltip: item.tooltip } : {}),
          }),
        );
      }
    }
    return lenses;
  }
}

class DriftHints implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection(DRIFT_SOURCE);
  /**
   * Live HPAs per namespace, with the replica counts of that namespace's rollouts when they were read: an HPA acting
   * changes a rollout's `spec.replicas` (through /scale), which is when the list is read again; a structural session
   * change (context, namespace, rollouts added or removed) drops them all.
   */
  private hpas = new Map<string, { replicas: string; list: Promise<LiveHpa[]> }>();
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ctx: Ctx,
    private readonly resources: ManifestResources,
  ) {}

  sessionChanged(structural = true): void {
    if (structural) this.hpas.clear();
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  schedule(doc: vscode.TextDocument, ms = 300): void {
    if (!isYaml(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.update(doc);
    }, ms));
  }

  clear(doc: vscode.TextDocument): void {
    clearTimeout(this.timers.get(doc.uri.toString()));
    this.diagnostics.delete(doc.uri);
  }

  private hpasIn(session: ClusterSession, client: KubeClient, namespace: string): Promise<LiveHpa[]> {
    const replicas = session.view.entries
      .filter((e) => e.namespace === namespace)
      .map((e) => `${e.name}=${e.rollout.spec?.replicas ?? ''}`)
      .join(',');
    const hit = this.hpas.get(namespace);
    if (hit && hit.replicas === replicas) return hit.list;
    const list = client
      .json<unknown>({ method: 'GET', path: `/apis/autoscaling/v1/namespaces/${encodeURIComponent(namespace)}/horizontalpodautoscalers` })
      .then(liveHpasOf, (e: unknown) => {
        this.ctx.clusterLog.info(`drift hints: the HPAs of namespace '${namespace}' could not be read (${e instanceof Error ? e.message : String(e)})`);
        return [];
      });
    this.hpas.set(namespace, { replicas, list });
    return list;
  }

  private async update(doc: vscode.TextDocument): Promise<void> {
    const session: ClusterSession | undefined = this.ctx.session;
    if (doc.isClosed) return;
    if (!setting('driftHints.enabled', true, doc) || !sessionReady(session)) {
      this.diagnostics.delete(doc.uri);
      return;
    }
    const version = doc.version;
    const out: vscode.Diagnostic[] = [];
    for (const r of await this.resources.of(doc)) {
      if (r.kind !== 'Rollout' || r.broken) continue;
      const namespace = namespaceOf(r, session.view);
      const entry = session.entry(namespace, r.name);
      if (!entry) continue;
      const client = session.client;
      const hpas = client && r.fields.some((f) => f.path === 'spec.replicas') ? await this.hpasIn(session, client, namespace) : [];
      for (const h of rolloutDrift(r, entry, hpas)) {
        const d = new vscode.Diagnostic(new vscode.Range(h.range.start.line, h.range.start.character, h.range.end.line, h.range.end.character), h.message, vscode.DiagnosticSeverity.Hint);
        d.source = DRIFT_SOURCE;
        d.code = h.code;
        out.push(d);
      }
    }
    if (doc.isClosed || doc.version !== version) return; // an edit came in: its own update follows
    this.diagnostics.set(doc.uri, out);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.diagnostics.dispose();
  }
}

export interface LensParts {
  /** the language client started (or restarted): ask for the open files' objects again */
  clientStarted(): void;
}

export function registerLens(ctx: Ctx): LensParts {
  const resources = new ManifestResources(ctx);
  const lens = new RolloutLensProvider(ctx, resources);
  const drift = ctx.own(new DriftHints(ctx, resources));
  ctx.own(vscode.languages.registerCodeLensProvider(YAML, lens));
  registerCompare(ctx, resources);

  let sub: vscode.Disposable | undefined;
  const follow = (session: ClusterSession | undefined) => {
    sub?.dispose();
    sub = session?.onDidChange((c) => {
      lens.refresh(c.structural ? undefined : c.changed);
      drift.sessionChanged(c.structural);
    });
    lens.refresh();
    drift.sessionChanged();
  };
  follow(ctx.session);
  ctx.own(ctx.onDidChangeSession(follow));
  ctx.own({ dispose: () => sub?.dispose() });
  ctx.own(vscode.workspace.onDidOpenTextDocument((d) => drift.schedule(d, 0)));
  ctx.own(vscode.workspace.onDidChangeTextDocument((e) => drift.schedule(e.document)));
  ctx.own(vscode.workspace.onDidCloseTextDocument((d) => {
    drift.clear(d);
    resources.forget(d.uri);
  }));
  ctx.own(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('rolloutPilot.codeLens') || e.affectsConfiguration('editor.codeLens')) lens.refresh();
    if (e.affectsConfiguration('rolloutPilot.driftHints')) drift.sessionChanged();
  }));
  return {
    clientStarted: () => {
      lens.refresh();
      drift.sessionChanged();
      const client = ctx.client;
      if (client) ctx.own(client.onDidChangeState(() => {
        lens.refresh();
        drift.sessionChanged();
      }));
    },
  };
}
