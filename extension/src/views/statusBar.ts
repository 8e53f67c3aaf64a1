// The status bar item: the context and namespace the Argo Rollouts views show, and how many rollouts wait for a
// promotion. Clicking it picks a context, then a namespace.
import * as vscode from 'vscode';
import { ALL_NAMESPACES, waitsForPromotion, type ClusterSession } from '../cluster';
import type { Ctx } from '../ctx';

export function statusBarText(session: ClusterSession | undefined): { text: string; tooltip: string } {
  if (!session) return { text: '$(cloud) Argo Rollouts: restricted', tooltip: 'Restricted Mode: the cluster views are off until you trust this workspace.' };
  const v = session.view;
  if (v.status.kind !== 'active') return { text: '$(cloud) no context', tooltip: `Argo Rollouts: ${v.status.message}. Click to pick a context.` };
  const ns = v.namespace === ALL_NAMESPACES ? 'all' : v.namespace;
  const waiting = v.entries.filter((e) => waitsForPromotion(e.rollout)).length;
  const health = v.health?.state;
  const icon = health === 'connected' || health === 'connecting' || !health ? '$(cloud)' : '$(warning)';
  return {
    text: `${icon} ${v.context?.name ?? ''}/${ns}${waiting ? ` $(debug-pause) ${waiting}` : ''}`,
    tooltip:
      `Argo Rollouts: context '${v.context?.name ?? ''}', ${v.namespace === ALL_NAMESPACES ? 'all namespaces' : `namespace '${v.namespace}'`}` +
      `${waiting ? `; ${waiting} rollout${waiting === 1 ? '' : 's'} waiting for promotion` : ''}` +
      `${health && health !== 'connected' ? ` (${health}${v.health?.message ? `: ${v.health.message}` : ''})` : ''}. Click to pick a context and namespace.`,
  };
}

export function createStatusBar(ctx: Ctx): void {
  const item = ctx.own(vscode.window.createStatusBarItem('rolloutPilot.context', vscode.StatusBarAlignment.Left, 10));
  item.name = 'Argo Rollouts Context';
  item.command = 'rolloutPilot.pickContext';
  let sub: vscode.Disposable | undefined;
  const render = () => {
    const { text, tooltip } = statusBarText(ctx.session);
    item.text = text;
    item.tooltip = tooltip;
    item.show();
  };
  const attach = (s: ClusterSession | undefined) => {
    sub?.dispose();
    sub = s ? s.onDidChange(render) : undefined;
    render();
  };
  ctx.own(ctx.onDidChangeSession(attach));
  ctx.own({ dispose: () => sub?.dispose() });
  attach(ctx.session);
}
