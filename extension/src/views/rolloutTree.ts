// The Rollouts view: maps the pure nodes of ./rolloutNodes to TreeItems. A session change that names rollouts
// refreshes only those items (the same element objects VS Code holds, updated in place); anything structural
// refreshes from the top, and stable ids keep expansion and selection.
import * as vscode from 'vscode';
import type { ClusterSession, SessionChange } from '../cluster';
import type { Ctx } from '../ctx';
import { rolloutChildren, rolloutNode, rootNodes, type TreeNode } from './rolloutNodes';

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export function toTreeItem(node: TreeNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, COLLAPSIBLE[node.collapsible]);
  item.id = node.id;
  if (node.description) item.description = node.description;
  if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
  item.contextValue = node.contextValue;
  if (node.command) item.command = node.command;
  item.accessibilityInformation = { label: [node.label, node.description].filter(Boolean).join(', ') };
  return item;
}

export class RolloutTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** the rollout nodes VS Code currently holds, by `namespace/name` */
  private rollouts = new Map<string, TreeNode>();
  private sub: { dispose(): void } | undefined;
  readonly view: vscode.TreeView<TreeNode>;

  constructor(private readonly ctx: Ctx) {
    this.view = vscode.window.createTreeView('rolloutPilot.rollouts', { treeDataProvider: this, showCollapseAll: true });
    ctx.own(ctx.onDidChangeSession((s) => this.attach(s)));
    this.attach(ctx.session);
  }

  private attach(session: ClusterSession | undefined): void {
    this.sub?.dispose();
    this.sub = session?.onDidChange((c) => this.onChange(c));
    this.updateContextKeys();
    this.emitter.fire(undefined);
  }

  private updateContextKeys(): void {
    const s = this.ctx.session;
    const state = !s ? 'restricted' : s.view.status.kind;
    void vscode.commands.executeCommand('setContext', 'rolloutPilot.clusterState', state);
  }

  private onChange(c: SessionChange): void {
    if (c.structural) {
      this.updateContextKeys();
      this.emitter.fire(undefined);
      return;
    }
    const s = this.ctx.session;
    if (!s) return;
    const ctxName = s.view.context?.name ?? '';
    const now = new Date();
    for (const key of c.changed) {
      const node = this.rollouts.get(key);
      const entry = s.entryByKey(key);
      if (!node || !entry) {
        this.emitter.fire(undefined);
        return;
      }
      Object.assign(node, rolloutNode(ctxName, entry, now));
      this.emitter.fire(node);
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    const s = this.ctx.session;
    if (!s) return [];
    if (!node) {
      const roots = rootNodes(s.view);
      this.rollouts = new Map();
      const walk = (ns: TreeNode[]) => {
        for (const n of ns) {
          if (n.kind === 'rollout' && n.rolloutKey) this.rollouts.set(n.rolloutKey, n);
          else if (n.children) walk(n.children);
        }
      };
      walk(roots);
      return roots;
    }
    if (node.kind === 'rollout' && node.rolloutKey) {
      const entry = s.entryByKey(node.rolloutKey);
      return entry ? rolloutChildren(s.view.context?.name ?? '', entry, new Date()) : [];
    }
    return node.children ?? [];
  }

  dispose(): void {
    this.sub?.dispose();
    this.view.dispose();
    this.emitter.dispose();
  }
}
