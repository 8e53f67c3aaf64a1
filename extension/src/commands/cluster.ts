// Commands about where the views look: pick a kubeconfig context and a namespace (kept per workspace, never written
// to the kubeconfig), retry the connection, open the kubeconfig setting and the request log; and the small rollout
// commands: copy its name, reveal its manifest in the workspace.
import * as vscode from 'vscode';
import { ALL_NAMESPACES } from '../cluster';
import type { Ctx } from '../ctx';
import { locateResource, mayContain } from '../manifests/locate';
import { keyOfArg, pickRollout } from './actions';

async function pickContext(ctx: Ctx): Promise<void> {
  const s = ctx.session;
  if (!s) {
    void vscode.window.showWarningMessage('Argo Rollouts: the cluster views are off in a restricted workspace.');
    return;
  }
  const k = s.kubeconfig;
  if (k.contexts.length === 0) {
    const b = await vscode.window.showWarningMessage(`Argo Rollouts: no kubeconfig context found (${k.errors.join('; ') || k.paths.join(', ')}).`, 'Open Setting');
    if (b) await vscode.commands.executeCommand('workbench.action.openSettings', 'rolloutPilot.kubeconfig');
    return;
  }
  const chosen = ctx.choice.context;
  type Item = vscode.QuickPickItem & { context?: string };
  const items: Item[] = [
    { label: `$(sync) Follow the kubeconfig`, description: `current-context: ${k.currentContext ?? 'none'}`, detail: chosen ? undefined : 'in use' },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...k.contexts.map((c) => ({
      label: `${c.name === (chosen ?? k.currentContext) ? '$(check)' : '$(blank)'} ${c.name}`,
      description: `${c.cluster} · ${c.user} · ${c.namespace}`,
      ...(c.problem ? { detail: `$(warning) ${c.problem}` } : {}),
      context: c.name,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Kubeconfig context for the Argo Rollouts views (the kubeconfig is not changed)' });
  if (!picked) return;
  await ctx.setChoice(picked.context ? { context: picked.context } : {});
  await pickNamespace(ctx);
}

async function pickNamespace(ctx: Ctx): Promise<void> {
  const s = ctx.session;
  if (!s || s.view.status.kind !== 'active') return;
  const list = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing namespaces…' }, () => s.listNamespaces());
  const ctxNs = s.view.context?.namespace ?? 'default';
  type Item = vscode.QuickPickItem & { ns?: string };
  const items: Item[] = [
    { label: '$(globe) All namespaces', ns: ALL_NAMESPACES },
    { label: `$(home) ${ctxNs}`, description: "the context's namespace", ns: undefined },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...list.names.filter((n) => n !== ctxNs).map((n) => ({ label: n, ns: n })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: list.error ? `Namespace (the list could not be read: ${list.error.message})` : 'Namespace for the Argo Rollouts views',
  });
  if (!picked) return;
  await ctx.setChoice({ ...ctx.choice, ...(picked.ns ? { namespace: picked.ns } : { namespace: undefined }) });
}

async function revealManifest(ctx: Ctx, arg: unknown): Promise<void> {
  const key = keyOfArg(arg) ?? (await pickRollout(ctx, undefined, 'Reveal the manifest of which rollout?'))?.key;
  if (!key) return;
  const [namespace, name] = key.split('/') as [string, string];
  const defaultNs = ctx.session?.view.context?.namespace ?? 'default';
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Looking for rollout ${name}…` }, async () => {
    const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '{**/node_modules/**,**/.git/**}', 5000);
    for (const uri of files) {
      let text: string;
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        if (bytes.byteLength > 5 * 1024 * 1024) continue;
        text = new TextDecoder().decode(bytes);
      } catch {
        continue;
      }
      if (!mayContain(text, 'Rollout', name)) continue;
      const at = locateResource(text, 'Rollout', name, namespace, defaultNs);
      if (at) return { uri, at };
    }
    return undefined;
  });
  if (!found) {
    void vscode.window.showInformationMessage(`Argo Rollouts: no manifest of rollout '${name}' (namespace '${namespace}') in this workspace.`);
    return;
  }
  const pos = new vscode.Position(found.at.line, found.at.character);
  await vscode.window.showTextDocument(found.uri, { selection: new vscode.Range(pos, pos) });
}

export function registerClusterCommands(ctx: Ctx): void {
  ctx.own(vscode.commands.registerCommand('rolloutPilot.pickContext', () => pickContext(ctx)));
  ctx.own(vscode.commands.registerCommand('rolloutPilot.pickNamespace', () => pickNamespace(ctx)));
  ctx.own(vscode.commands.registerCommand('rolloutPilot.reconnect', () => ctx.session?.reconnect()));
  ctx.own(vscode.commands.registerCommand('rolloutPilot.openKubeconfigSetting', () => vscode.commands.executeCommand('workbench.action.openSettings', 'rolloutPilot.kubeconfig')));
  ctx.own(vscode.commands.registerCommand('rolloutPilot.showClusterLog', () => ctx.clusterLog.show(true)));
  ctx.own(vscode.commands.registerCommand('rolloutPilot.revealManifest', (arg?: unknown) => revealManifest(ctx, arg)));
  ctx.own(
    vscode.commands.registerCommand('rolloutPilot.copyName', async (arg?: unknown) => {
      const key = keyOfArg(arg) ?? (await pickRollout(ctx, undefined, 'Copy the name of which rollout?'))?.key;
      if (key) await vscode.env.clipboard.writeText(key.split('/')[1] ?? key);
    }),
  );
}
