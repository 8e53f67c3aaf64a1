// The Rollouts tree as plain data: what each node says, its icon, tooltip and the actions it offers. Pure (no
// `vscode`): the TreeDataProvider only maps these to TreeItems, and the unit tests read them directly. The facts and
// their order are those of `kubectl argo rollouts get rollout`: rollout → revision:N → ReplicaSets (→ pods),
// Experiments, AnalysisRuns (→ Jobs).
import {
  ACTIONS,
  ACTION_TITLES,
  ALL_NAMESPACES,
  gatesContextValue,
  humanDuration,
  pauseEndsAt,
  waitsForPromotion,
  type AnalysisRunInfo,
  type ExperimentInfo,
  type PodInfo,
  type ReplicaSetInfo,
  type RolloutEntry,
  type RolloutInfo,
  type SessionView,
} from '../cluster';

export type NodeKind =
  | 'context'
  | 'namespace'
  | 'rollout'
  | 'revision'
  | 'replicaSet'
  | 'pod'
  | 'experiment'
  | 'analysisRun'
  | 'job'
  | 'message';

/** A codicon with an optional theme colour id (`charts.green`, ...). */
export interface NodeIcon {
  id: string;
  color?: string;
}

export interface NodeCommand {
  command: string;
  title: string;
  arguments?: unknown[];
}

export interface TreeNode {
  /** stable across refreshes, so VS Code keeps selection and expansion */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  /** Markdown */
  tooltip?: string;
  icon?: NodeIcon;
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** `namespace/name` of the rollout the node belongs to */
  rolloutKey?: string;
  /** children known when the node is built (rollout children are built on expansion: `rolloutChildren`) */
  children?: TreeNode[];
  command?: NodeCommand;
}

/** The plugin's status glyphs (info/icons.ts) as themed codicons, so the tree says what `get rollout` says. */
const GLYPH_ICONS: Record<string, NodeIcon> = {
  '✔': { id: 'pass', color: 'testing.iconPassed' },
  '◌': { id: 'sync', color: 'charts.blue' },
  '॥': { id: 'debug-pause', color: 'charts.yellow' },
  '✖': { id: 'error', color: 'testing.iconFailed' },
  '⚠': { id: 'warning', color: 'list.warningForeground' },
  '?': { id: 'question', color: 'disabledForeground' },
  '•': { id: 'circle-small-filled', color: 'disabledForeground' },
  '◷': { id: 'clock', color: 'charts.yellow' },
};

export function iconOfGlyph(glyph: string): NodeIcon {
  return GLYPH_ICONS[glyph] ?? { id: 'circle-outline', color: 'disabledForeground' };
}

/** `Paused · 1/8 · 20% (actual 16%)`; blue-green: `Healthy · BlueGreen`. */
export function rolloutDescription(info: RolloutInfo): string {
  const parts = [info.status || 'Unknown'];
  if (info.strategy === 'Canary') {
    if (info.step) parts.push(info.step);
    if (info.setWeight !== undefined) parts.push(`${info.setWeight}% (actual ${info.actualWeight ?? 0}%)`);
  } else if (info.strategy) {
    parts.push(info.strategy);
  }
  return parts.join(' · ');
}

function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function imagesLine(info: RolloutInfo): string[] {
  return info.images.map((i) => `- \`${i.image}\`${i.tags.length ? ` (${i.tags.join(', ')})` : ''}`);
}

export function rolloutTooltip(e: RolloutEntry, now: Date): string {
  const info = e.info;
  const lines = [`**${md(info.name)}** in \`${info.namespace}\``, '', `**Status:** ${md(info.status)}${info.message ? ` — ${md(info.message)}` : ''}`];
  lines.push(`**Strategy:** ${info.strategy || 'none'}`);
  if (info.strategy === 'Canary') {
    if (info.step) lines.push(`**Step:** ${info.step}`);
    lines.push(`**Set weight:** ${info.setWeight ?? 0}% · **actual:** ${info.actualWeight ?? 0}%`);
    const end = pauseEndsAt(e.rollout);
    if (end !== undefined) lines.push(`**Pause ends in:** ${humanDuration(Math.max(0, end - now.getTime()))}`);
    else if (waitsForPromotion(e.rollout)) lines.push('**Waiting for promotion**');
  }
  const r = info.replicas;
  lines.push(`**Replicas:** desired ${r.desired} · current ${r.current} · updated ${r.updated} · ready ${r.ready} · available ${r.available}`);
  if (info.images.length) lines.push('', '**Images:**', ...imagesLine(info));
  if (e.argoCdApp) lines.push('', `Managed by Argo CD application \`${e.argoCdApp}\`.`);
  const blocked = ACTIONS.filter((a) => !e.gates[a].enabled && e.gates[a].reason?.startsWith('you lack'));
  if (blocked.length) {
    lines.push('', '**Not allowed by your RBAC:**');
    for (const a of blocked) lines.push(`- ${ACTION_TITLES[a]}: ${md(e.gates[a].reason ?? '')}`);
  }
  return lines.join('\n\n').replace(/\n\n- /g, '\n- ');
}

export function rolloutNode(ctx: string, e: RolloutEntry, now: Date): TreeNode {
  return {
    id: `${ctx}|ro|${e.key}`,
    kind: 'rollout',
    label: e.name,
    description: rolloutDescription(e.info),
    tooltip: rolloutTooltip(e, now),
    icon: iconOfGlyph(e.info.icon),
    contextValue: gatesContextValue('rollout', e.gates) + (e.argoCdApp ? 'argocd;' : ''),
    collapsible: 'collapsed',
    rolloutKey: e.key,
    command: { command: 'rolloutPilot.openRolloutPage', title: 'Open Rollout Page', arguments: [e.key] },
  };
}

function ageOf(ts: string | undefined, now: Date): string {
  if (!ts) return '';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '' : humanDuration(Math.max(0, now.getTime() - t));
}

function podNode(parent: string, key: string, pod: PodInfo, now: Date): TreeNode {
  const cols = [pod.status, `ready ${pod.ready}`];
  if (pod.restarts > 0) cols.push(`restarts ${pod.restarts}`);
  const age = ageOf(pod.creationTimestamp, now);
  if (age) cols.push(age);
  return {
    id: `${parent}|pod|${pod.uid || pod.name}`,
    kind: 'pod',
    label: pod.name,
    description: cols.join(' · '),
    tooltip: `**Pod** \`${pod.name}\`\n\n${md(pod.status)} · ready ${pod.ready} · restarts ${pod.restarts}${age ? ` · age ${age}` : ''}`,
    icon: iconOfGlyph(pod.icon),
    contextValue: 'pod',
    collapsible: 'none',
    rolloutKey: key,
  };
}

function replicaSetNode(parent: string, key: string, rs: ReplicaSetInfo, now: Date): TreeNode {
  const id = `${parent}|rs|${rs.uid || rs.name}`;
  const info = [rs.status, ...rs.tags, `${rs.available}/${rs.replicas} available`];
  return {
    id,
    kind: 'replicaSet',
    label: rs.name,
    description: info.join(' · '),
    tooltip: `**ReplicaSet** \`${rs.name}\`\n\n${md(rs.status)}${rs.tags.length ? ` · ${rs.tags.join(', ')}` : ''}\n\nreplicas ${rs.replicas} · available ${rs.available}${rs.images.length ? `\n\n${rs.images.map((i) => `\`${i}\``).join(', ')}` : ''}`,
    icon: iconOfGlyph(rs.icon),
    contextValue: 'replicaSet',
    // the stable and canary (active, preview) ReplicaSets show their pods at once; older ones on demand
    collapsible: rs.pods.length ? (rs.tags.length ? 'expanded' : 'collapsed') : 'none',
    rolloutKey: key,
    children: rs.pods.map((p) => podNode(id, key, p, now)),
  };
}

function analysisRunNode(parent: string, key: string, ar: AnalysisRunInfo, now: Date): TreeNode {
  const id = `${parent}|ar|${ar.uid || ar.name}`;
  const age = ageOf(ar.creationTimestamp, now);
  return {
    id,
    kind: 'analysisRun',
    label: ar.name,
    description: [ar.status || 'Pending', ar.info, age].filter(Boolean).join(' · '),
    tooltip: `**AnalysisRun** \`${ar.name}\`\n\n${md(ar.status)} · successful ${ar.successful} · failed ${ar.failed} · inconclusive ${ar.inconclusive} · error ${ar.error}`,
    icon: iconOfGlyph(ar.icon),
    contextValue: 'analysisRun',
    collapsible: ar.jobs.length ? 'collapsed' : 'none',
    rolloutKey: key,
    children: ar.jobs.map((j) => ({
      id: `${id}|job|${j.name}`,
      kind: 'job' as const,
      label: j.name,
      description: [j.status, ageOf(j.startedAt, now)].filter(Boolean).join(' · '),
      icon: iconOfGlyph(j.icon),
      contextValue: 'job',
      collapsible: 'none' as const,
      rolloutKey: key,
    })),
  };
}

function experimentNode(parent: string, key: string, ex: ExperimentInfo, now: Date): TreeNode {
  const id = `${parent}|ex|${ex.uid || ex.name}`;
  const children = [...ex.replicaSets.map((rs) => replicaSetNode(id, key, rs, now)), ...ex.analysisRuns.map((ar) => analysisRunNode(id, key, ar, now))];
  return {
    id,
    kind: 'experiment',
    label: ex.name,
    description: [ex.status, ageOf(ex.creationTimestamp, now)].filter(Boolean).join(' · '),
    tooltip: `**Experiment** \`${ex.name}\`\n\n${md(ex.status)}${ex.message ? ` — ${md(ex.message)}` : ''}`,
    icon: iconOfGlyph(ex.icon),
    contextValue: 'experiment',
    collapsible: children.length ? 'collapsed' : 'none',
    rolloutKey: key,
    children,
  };
}

/** The revisions of a rollout, newest first, each with its ReplicaSets, Experiments and AnalysisRuns. */
export function rolloutChildren(ctx: string, e: RolloutEntry, now: Date): TreeNode[] {
  const parent = `${ctx}|ro|${e.key}`;
  return e.info.revisions.map((rev) => {
    const id = `${parent}|rev|${rev.revision}`;
    const tags = [...new Set(rev.replicaSets.flatMap((rs) => rs.tags))];
    const images = [...new Set(rev.replicaSets.flatMap((rs) => rs.images))];
    const children = [
      ...rev.replicaSets.map((rs) => replicaSetNode(id, e.key, rs, now)),
      ...rev.experiments.map((ex) => experimentNode(id, e.key, ex, now)),
      ...rev.analysisRuns.map((ar) => analysisRunNode(id, e.key, ar, now)),
    ];
    return {
      id,
      kind: 'revision' as const,
      label: `revision:${rev.revision}`,
      description: [tags.join(', '), images.join(', ')].filter(Boolean).join(' · '),
      tooltip: `**revision:${rev.revision}**${tags.length ? ` (${tags.join(', ')})` : ''}${images.length ? `\n\n${images.map((i) => `\`${i}\``).join(', ')}` : ''}`,
      icon: { id: 'git-commit' },
      contextValue: tags.length ? 'revision;current' : 'revision',
      collapsible: tags.length ? ('expanded' as const) : ('collapsed' as const),
      rolloutKey: e.key,
      children,
    };
  });
}

function message(id: string, label: string, icon: NodeIcon, opts: { tooltip?: string; command?: NodeCommand } = {}): TreeNode {
  return { id, kind: 'message', label, icon, contextValue: 'message', collapsible: 'none', ...opts };
}

const RETRY: NodeCommand = { command: 'rolloutPilot.reconnect', title: 'Retry' };
const PICK_CONTEXT: NodeCommand = { command: 'rolloutPilot.pickContext', title: 'Pick a Context' };

/** The health of the watched namespace said plainly, with the action that helps (none when all is well). */
export function healthMessages(ctx: string, view: SessionView): TreeNode[] {
  const h = view.health;
  const where = view.namespace === ALL_NAMESPACES ? 'all namespaces' : `namespace '${view.namespace}'`;
  if (!view.settled || !h) return [message(`${ctx}|msg|loading`, `Loading rollouts of ${where}…`, { id: 'loading~spin' })];
  switch (h.state) {
    case 'forbidden':
      return [
        message(`${ctx}|msg|forbidden`, `Forbidden: ${h.missing.length ? `you lack ${h.missing.join(', ')}` : 'missing permission'} in ${where}`, { id: 'lock', color: 'list.errorForeground' }, {
          tooltip: `${md(h.message ?? '')}\n\nAsk for these permissions, or pick another namespace. Click to retry.`,
          command: RETRY,
        }),
      ];
    case 'unreachable':
      return [message(`${ctx}|msg|unreachable`, `Cluster unreachable — click to retry`, { id: 'debug-disconnect', color: 'list.errorForeground' }, { tooltip: md(h.message ?? ''), command: RETRY })];
    case 'unauthorized':
      return [message(`${ctx}|msg|unauthorized`, `Unauthorized: the credentials were refused — click to retry`, { id: 'key', color: 'list.errorForeground' }, { tooltip: md(h.message ?? ''), command: RETRY })];
    case 'reconnecting':
      return [message(`${ctx}|msg|reconnecting`, `Reconnecting…`, { id: 'sync~spin', color: 'list.warningForeground' }, { tooltip: md(h.message ?? ''), command: RETRY })];
    default:
      return [];
  }
}

export interface RootOptions {
  now?: Date;
}

/**
 * The top of the tree: one context node (context, cluster, user, namespace) holding the rollouts, or namespace
 * nodes in all-namespaces mode, preceded by what is wrong, if anything. Empty when there is no kubeconfig (the
 * view's welcome content says so, with its buttons).
 */
export function rootNodes(view: SessionView, opts: RootOptions = {}): TreeNode[] {
  const now = opts.now ?? new Date();
  if (view.status.kind === 'noKubeconfig') return [];
  const c = view.context;
  const ctx = c?.name ?? '';
  const all = view.namespace === ALL_NAMESPACES;
  if (view.status.kind === 'contextProblem') {
    return [message(`${ctx}|msg|problem`, view.status.message, { id: 'warning', color: 'list.warningForeground' }, { tooltip: 'Click to pick another context.', command: PICK_CONTEXT })];
  }
  const children: TreeNode[] = healthMessages(ctx, view);
  if (all) {
    const byNs = new Map<string, RolloutEntry[]>();
    for (const e of view.entries) (byNs.get(e.namespace) ?? byNs.set(e.namespace, []).get(e.namespace)!).push(e);
    for (const [ns, list] of [...byNs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const waiting = list.filter((e) => waitsForPromotion(e.rollout)).length;
      children.push({
        id: `${ctx}|ns|${ns}`,
        kind: 'namespace',
        label: ns,
        description: `${list.length} rollout${list.length === 1 ? '' : 's'}${waiting ? ` · ${waiting} waiting for promotion` : ''}`,
        icon: { id: 'symbol-namespace' },
        contextValue: 'namespace',
        collapsible: 'expanded',
        children: list.map((e) => rolloutNode(ctx, e, now)),
      });
    }
  } else {
    children.push(...view.entries.map((e) => rolloutNode(ctx, e, now)));
  }
  if (view.settled && view.entries.length === 0 && view.health?.state === 'connected') {
    children.push(message(`${ctx}|msg|empty`, `No rollouts in ${all ? 'any namespace' : `namespace '${view.namespace}'`}`, { id: 'info' }, {
      tooltip: 'Pick another namespace (or all namespaces).',
      command: { command: 'rolloutPilot.pickNamespace', title: 'Pick a Namespace' },
    }));
  }
  return [
    {
      id: `${ctx}|context`,
      kind: 'context',
      label: ctx,
      description: `${all ? 'all namespaces' : view.namespace} · ${c?.cluster ?? ''}/${c?.user ?? ''}`,
      tooltip: `**Context** \`${ctx}\`\n\n**Cluster:** \`${c?.cluster ?? ''}\` (${md(c?.server ?? '')})\n\n**User:** \`${c?.user ?? ''}\`\n\n**Namespace:** ${all ? 'all namespaces' : `\`${view.namespace}\``}${view.picked.context || view.picked.namespace ? '\n\nPicked in this workspace; the kubeconfig is not changed.' : '\n\nFrom the kubeconfig.'}`,
      icon: { id: 'cloud' },
      contextValue: 'context',
      collapsible: 'expanded',
      children,
    },
  ];
}
