// "Compare with Live" (`rolloutPilot.compareWithLive`, from the CodeLens or the palette): VS Code's diff editor
// between the live object (left) and the document (right), both normalized and read-only (a content provider for the
// `rollout-pilot-live` scheme), so the difference shown is the one the person made. Wiring only: normalize.ts and
// live.ts do the work.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { ManifestResources } from '../lens/manifestResources';
import { COMPARABLE_KINDS, namespaceOf } from '../lens/lensModel';
import { compare, fetchLive } from './live';

export const COMPARE_SCHEME = 'rollout-pilot-live';

class CompareDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# this comparison is gone: run Compare with Live again\n';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerCompare(ctx: Ctx, resources: ManifestResources): void {
  const docs = ctx.own(new CompareDocuments());
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, docs));
  ctx.own(
    vscode.commands.registerCommand('rolloutPilot.compareWithLive', async (uriArg?: unknown, indexArg?: unknown) => {
      const say = (m: string) => void vscode.window.showWarningMessage(`Compare with Live: ${m}.`);
      const editor = vscode.window.activeTextEditor;
      const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : editor?.document.uri;
      if (!uri) return say('open a Rollout, HPA or Service manifest first');
      const doc = await vscode.workspace.openTextDocument(uri);
      const rs = (await resources.of(doc)).filter((r) => COMPARABLE_KINDS.has(r.kind));
      const line = editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active.line : -1;
      const r = typeof indexArg === 'number'
        ? rs.find((x) => x.index === indexArg)
        : (rs.find((x) => x.range.start.line <= line && line <= x.range.end.line) ?? (rs.length === 1 ? rs[0] : undefined));
      if (!r) return say(rs.length ? 'put the cursor in the document to compare' : 'this file has no Rollout, HorizontalPodAutoscaler or Service');
      if (!r.object) return say(`the ${r.kind} document '${r.name}' has YAML errors: fix them first`);
      const session = ctx.session;
      if (!session?.client) return say(session ? session.view.status.kind === 'active' ? 'not connected' : session.view.status.message : 'the cluster views are off in a restricted workspace');
      const namespace = namespaceOf(r, session.view);
      const live = await fetchLive(session.client, r, namespace);
      if (!live.ok) return say(live.message);
      const c = compare(r.object, live.object, live.apiVersion);
      const context = session.view.context?.name ?? '';
      const base = `/${encodeURIComponent(context)}/${encodeURIComponent(namespace)}/${r.kind}/${encodeURIComponent(r.name)}`;
      const left = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `${base}.live.yaml` });
      const right = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `${base}.file.yaml`, query: uri.toString() });
      docs.set(left, c.live);
      docs.set(right, c.file);
      const title = `${r.name}: live (${context}/${namespace}) ↔ ${vscode.workspace.asRelativePath(uri)}`;
      await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
      if (c.note) void vscode.window.showInformationMessage(`Compare with Live: ${c.note}.`);
      else if (c.hunks.length === 0) void vscode.window.showInformationMessage(`Compare with Live: ${r.kind} '${r.name}' in ${context}/${namespace} is as this file says.`);
    }),
  );
}
