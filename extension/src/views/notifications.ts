// Notifications when a rollout in view starts waiting for promotion, is aborted or degrades (setting
// `rolloutPilot.notifications`), once per transition, with the buttons that help.
import * as vscode from 'vscode';
import type { ClusterSession, Transition } from '../cluster';
import type { Ctx } from '../ctx';

export function notificationText(t: Transition): string {
  switch (t.to) {
    case 'waitingForPromotion':
      return `Rollout '${t.name}' (${t.namespace}) is paused, waiting for promotion${t.message ? `: ${t.message}` : ''}.`;
    case 'aborted':
      return `Rollout '${t.name}' (${t.namespace}) was aborted${t.message ? `: ${t.message}` : ''}.`;
    case 'degraded':
      return `Rollout '${t.name}' (${t.namespace}) is degraded${t.message ? `: ${t.message}` : ''}.`;
  }
}

function show(t: Transition): void {
  const text = notificationText(t);
  const buttons = t.to === 'waitingForPromotion' ? ['Promote', 'Open Page'] : ['Open Page'];
  const shown =
    t.to === 'waitingForPromotion'
      ? vscode.window.showInformationMessage(text, ...buttons)
      : t.to === 'aborted'
        ? vscode.window.showWarningMessage(text, ...buttons)
        : vscode.window.showErrorMessage(text, ...buttons);
  void shown.then((b) => {
    if (b === 'Promote') void vscode.commands.executeCommand('rolloutPilot.promote', t.key);
    if (b === 'Open Page') void vscode.commands.executeCommand('rolloutPilot.openRolloutPage', t.key);
  });
}

export function watchTransitions(ctx: Ctx): void {
  let sub: vscode.Disposable | undefined;
  const attach = (s: ClusterSession | undefined) => {
    sub?.dispose();
    sub = s?.onTransitions((list) => {
      if (!vscode.workspace.getConfiguration('rolloutPilot').get<boolean>('notifications', true)) return;
      for (const t of list) show(t);
    });
  };
  ctx.own(ctx.onDidChangeSession(attach));
  ctx.own({ dispose: () => sub?.dispose() });
  attach(ctx.session);
}
