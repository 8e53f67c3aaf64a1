// The rollout actions as commands (`Argo Rollouts: Promote`, ...), from the palette, a tree item's menu or the
// rollout page: pick the rollout when none is given (only those the action applies to), ask what the action needs
// (image, revision), confirm the destructive ones in a modal naming rollout, namespace and context, then run the
// plugin's requests through the session under a progress notification and say the outcome in words.
import * as vscode from 'vscode';
import { ACTION_TITLES, ACTIONS, ALL_NAMESPACES, type ActionId, type ActionRequest, type RolloutEntry } from '../cluster';
import type { Ctx } from '../ctx';
import { iconOfGlyph, rolloutDescription, type TreeNode } from '../views/rolloutNodes';
import { validateImageReference } from './imageRef';

/** Actions that change what runs or throw away progress: asked for in a modal first. */
const CONFIRM: ReadonlySet<ActionId> = new Set(['abort', 'promoteFull', 'undo', 'restart']);

const CONFIRM_TEXT: Partial<Record<ActionId, string>> = {
  abort: 'The canary is scaled down and all traffic goes back to the stable version. The rollout is Degraded until it is retried or its template changes.',
  promoteFull: 'Every remaining step, pause and analysis is skipped: the new version becomes stable at once.',
  undo: 'The rollout\'s pod template is replaced by the chosen revision\'s: a new update starts from the first step.',
  restart: 'Every pod of the rollout is replaced, a few at a time.',
};

export interface ActionParams {
  container?: string;
  revision?: number;
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

/** The rollout a command was invoked on: a tree node, a `namespace/name` key, or nothing (then ask). */
export function keyOfArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as TreeNode).rolloutKey === 'string') return (arg as TreeNode).rolloutKey;
  return undefined;
}

interface RolloutPick extends vscode.QuickPickItem {
  entry: RolloutEntry;
}

/** A quick pick of the rollouts in view for which `action` is offered; undefined when none or cancelled. */
export async function pickRollout(ctx: Ctx, action: ActionId | undefined, placeHolder: string): Promise<RolloutEntry | undefined> {
  const s = ctx.session;
  if (!s) {
    void vscode.window.showWarningMessage('Argo Rollouts: the cluster views are off in a restricted workspace. Trust the workspace to use them.');
    return undefined;
  }
  const view = s.view;
  if (view.status.kind !== 'active') {
    void vscode.window.showWarningMessage(`Argo Rollouts: ${view.status.message}`, 'Pick Context').then((b) => b && vscode.commands.executeCommand('rolloutPilot.pickContext'));
    return undefined;
  }
  const where = view.namespace === ALL_NAMESPACES ? 'any namespace' : `namespace '${view.namespace}'`;
  const applicable = view.entries.filter((e) => !action || e.gates[action].enabled);
  if (applicable.length === 0) {
    const none = view.entries.length === 0 ? `there are no rollouts in ${where}` : `none of the ${view.entries.length} rollouts in ${where} can be ${action ? pastTense(action) : 'shown'} now`;
    void vscode.window.showInformationMessage(`Argo Rollouts: ${none} (context '${view.context?.name ?? ''}').`);
    return undefined;
  }
  const items: RolloutPick[] = applicable.map((entry) => ({
    label: `$(${iconOfGlyph(entry.info.icon).id}) ${entry.name}`,
    description: rolloutDescription(entry.info),
    ...(view.namespace === ALL_NAMESPACES ? { detail: `namespace ${entry.namespace}` } : {}),
    entry,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.entry;
}

function pastTense(a: ActionId): string {
  return {
    promote: 'promoted',
    promoteFull: 'fully promoted',
    abort: 'aborted',
    retry: 'retried',
    pause: 'paused',
    restart: 'restarted',
    setImage: 'given a new image',
    undo: 'rolled back',
  }[a];
}

async function askImages(entry: RolloutEntry, only?: string): Promise<Array<{ container: string; image: string }> | undefined> {
  const containers = entry.info.containers.filter((c) => !only || c.name === only);
  if (only && containers.length === 0) {
    void vscode.window.showWarningMessage(`Argo Rollouts: rollout '${entry.name}' has no container '${only}'.`);
    return undefined;
  }
  const changes: Array<{ container: string; image: string }> = [];
  for (const [i, c] of containers.entries()) {
    const image = await vscode.window.showInputBox({
      title: `Set image of ${entry.name}${containers.length > 1 ? ` (${i + 1}/${containers.length})` : ''}`,
      prompt: `New image for container '${c.name}' (now ${c.image}). Leave unchanged to keep it.`,
      value: c.image,
      valueSelection: c.image.includes(':') ? [c.image.lastIndexOf(':') + 1, c.image.length] : undefined,
      validateInput: (v) => validateImageReference(v),
      ignoreFocusOut: true,
    });
    if (image === undefined) return undefined;
    if (image.trim() !== c.image) changes.push({ container: c.name, image: image.trim() });
  }
  if (changes.length === 0) void vscode.window.showInformationMessage(`Argo Rollouts: no image of '${entry.name}' was changed.`);
  return changes.length ? changes : undefined;
}

async function askRevision(entry: RolloutEntry): Promise<number | undefined> {
  const current = new Set(entry.info.revisions.filter((r) => r.replicaSets.some((rs) => rs.tags.length > 0)).map((r) => r.revision));
  const items = entry.info.revisions
    .filter((r) => r.replicaSets.length > 0 && !current.has(r.revision))
    .map((r) => ({
      label: `revision:${r.revision}`,
      description: [...new Set(r.replicaSets.flatMap((rs) => rs.images))].join(', '),
      detail: r.replicaSets.map((rs) => `${rs.name} · ${rs.status}`).join(' · '),
      revision: r.revision,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`Argo Rollouts: rollout '${entry.name}' has no earlier revision to roll back to.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Roll ${entry.name} back to which revision?` });
  return picked?.revision;
}

async function confirm(ctx: Ctx, entry: RolloutEntry, action: ActionId, what: string): Promise<boolean> {
  const context = ctx.session?.view.context?.name ?? '';
  const argo = entry.argoCdApp && (action === 'setImage' || action === 'undo')
    ? `\n\nThis rollout is managed by Argo CD (application '${entry.argoCdApp}'): with auto-sync on, Argo CD will put the Git state back. Change the image or revision in Git instead, or disable auto-sync first.`
    : '';
  const needs = CONFIRM.has(action) || argo !== '';
  if (!needs) return true;
  const detail = `${CONFIRM_TEXT[action] ?? ''}${argo}`.trim();
  const button = ACTION_TITLES[action];
  const answer = await vscode.window.showWarningMessage(
    `${what} rollout '${entry.name}' in namespace '${entry.namespace}' (context '${context}')?`,
    { modal: true, detail },
    button,
  );
  return answer === button;
}

/**
 * Runs `action` on the rollout `arg` names (or one picked). Returns the outcome, or undefined when the person
 * cancelled or nothing applied.
 */
export async function runAction(ctx: Ctx, action: ActionId, arg?: unknown, params: ActionParams = {}): Promise<ActionResult | undefined> {
  const s = ctx.session;
  let entry: RolloutEntry | undefined;
  const key = keyOfArg(arg);
  if (key) {
    entry = s?.entryByKey(key);
    if (!entry) {
      const message = `rollout '${key.split('/')[1] ?? key}' is no longer in view (it was deleted, or the context or namespace changed)`;
      void vscode.window.showWarningMessage(`Argo Rollouts: ${message}.`);
      return { ok: false, message };
    }
  } else {
    entry = await pickRollout(ctx, action, `${ACTION_TITLES[action]} which rollout?`);
    if (!entry) return undefined;
  }
  const gate = entry.gates[action];
  if (!gate.enabled) {
    const message = gate.reason ?? `${ACTION_TITLES[action]} does not apply to rollout '${entry.name}' now`;
    void vscode.window.showWarningMessage(`Argo Rollouts: ${message}.`);
    return { ok: false, message };
  }

  let requests: ActionRequest[];
  let what = ACTION_TITLES[action];
  switch (action) {
    case 'setImage': {
      const changes = await askImages(entry, params.container);
      if (!changes) return undefined;
      requests = changes.map((c) => ({ action: 'setImage', container: c.container, image: c.image }));
      what = `Set ${changes.map((c) => `${c.container}=${c.image}`).join(', ')} on`;
      break;
    }
    case 'undo': {
      const revision = params.revision ?? (await askRevision(entry));
      if (revision === undefined) return undefined;
      requests = [{ action: 'undo', toRevision: revision }];
      what = `Roll back to revision ${revision}:`;
      break;
    }
    case 'promote':
    case 'promoteFull':
      requests = [{ action: 'promote', full: action === 'promoteFull' }];
      break;
    default:
      requests = [{ action } as ActionRequest];
  }
  if (!(await confirm(ctx, entry, action, what))) return undefined;

  const target = entry;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Argo Rollouts: ${ACTION_TITLES[action]} ${target.name}…` },
    async () => {
      const messages: string[] = [];
      for (const req of requests) {
        const outcome = await ctx.session!.execute(target.namespace, target.name, req);
        messages.push(outcome.message);
        if (!outcome.ok) return { ok: false, message: messages.join('; '), refused: outcome.refused };
      }
      return { ok: true, message: messages.join('; '), refused: false };
    },
  );
  if (result.ok) void vscode.window.showInformationMessage(`Argo Rollouts: ${result.message}.`);
  else if (result.refused) void vscode.window.showWarningMessage(`Argo Rollouts: ${result.message}.`);
  else {
    void vscode.window.showErrorMessage(`Argo Rollouts: ${ACTION_TITLES[action]} failed: ${result.message}.`, 'Show Log').then((b) => {
      if (b) ctx.clusterLog.show(true);
    });
  }
  return { ok: result.ok, message: result.message };
}

/** One command per action, `rolloutPilot.<action>`, in the palette under "Argo Rollouts". */
export function registerActionCommands(ctx: Ctx): void {
  for (const action of ACTIONS) {
    ctx.own(vscode.commands.registerCommand(`rolloutPilot.${action}`, (arg?: unknown) => runAction(ctx, action, arg)));
  }
}
