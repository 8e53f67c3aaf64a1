// What the CodeLens above a manifest's document says and offers, as plain data (no `vscode`): the live state of the
// Rollout of that name in the session's context (`Paused · step 1/8 · set 20 %, actual 16 %`), the actions its gates
// allow (the sidebar's commands, with its `namespace/name` key), or `not in <context>/<namespace>`; and "Compare
// with Live" for Rollouts, HPAs and Services. Nothing at all without a session, a usable context or a connection.
import { ALL_NAMESPACES, type ActionId, type RolloutEntry, type RolloutInfo, type SessionView } from '../cluster';

/** What the lens needs to know of a document (the language server's `rolloutPilot/resources` answer has it). */
export interface LensResource {
  index: number;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** The session as the lens reads it (ClusterSession has this shape). */
export interface LensSession {
  readonly view: SessionView;
  entry(namespace: string, name: string): RolloutEntry | undefined;
}

export interface LensItem {
  title: string;
  /** a command id; absent for a line that only informs */
  command?: string;
  arguments?: unknown[];
  tooltip?: string;
}

/** The kinds "Compare with Live" knows how to fetch and normalize. */
export const COMPARABLE_KINDS: ReadonlySet<string> = new Set(['Rollout', 'HorizontalPodAutoscaler', 'Service']);

/** The actions a lens offers, in this order, when their gate allows them. */
const LENS_ACTIONS: ReadonlyArray<{ action: ActionId; title: string }> = [
  { action: 'promote', title: 'Promote' },
  { action: 'abort', title: 'Abort' },
  { action: 'retry', title: 'Retry' },
];

/**
 * The namespace a document's object lives in: its own `metadata.namespace`, else the namespace the session shows
 * (the one picked in the Argo Rollouts view, which is the context's own unless the person picked another — as
 * `kubectl -n` would be given), else, when the view shows all namespaces, the context's.
 */
export function namespaceOf(resource: Pick<LensResource, 'namespace'>, view: SessionView): string {
  if (resource.namespace) return resource.namespace;
  if (view.namespace && view.namespace !== ALL_NAMESPACES) return view.namespace;
  return view.context?.namespace || 'default';
}

/** A session that can answer: a usable context, connected, everything listed once. */
export function sessionReady(session: LensSession | undefined): session is LensSession {
  if (!session) return false;
  const v = session.view;
  return v.status.kind === 'active' && v.settled && v.health?.state === 'connected';
}

/** `Paused · step 1/8 · set 20 %, actual 16 %`; blue-green `Healthy · BlueGreen`. */
export function lensStatusText(info: RolloutInfo): string {
  const parts = [info.status || 'Unknown'];
  if (info.strategy === 'Canary') {
    if (info.step) parts.push(`step ${info.step}`);
    if (info.setWeight !== undefined) parts.push(`set ${info.setWeight} %, actual ${info.actualWeight ?? 0} %`);
  } else if (info.strategy) {
    parts.push(info.strategy);
  }
  return parts.join(' · ');
}

/** The lens line(s) of one document. `uri` is the document's, for the compare command's arguments. */
export function lensItems(resource: LensResource, session: LensSession | undefined, uri: string, opts: { status?: boolean; compare?: boolean } = {}): LensItem[] {
  const showStatus = opts.status ?? true;
  const showCompare = opts.compare ?? true;
  if (!sessionReady(session)) return [];
  const view = session.view;
  const context = view.context?.name ?? '';
  const namespace = namespaceOf(resource, view);
  const compare: LensItem[] = showCompare && COMPARABLE_KINDS.has(resource.kind)
    ? [{ title: 'Compare with Live', command: 'rolloutPilot.compareWithLive', arguments: [uri, resource.index], tooltip: `Diff this document with ${resource.kind} '${resource.name}' in ${context}/${namespace}` }]
    : [];
  if (resource.kind !== 'Rollout') return compare;
  if (!showStatus) return session.entry(namespace, resource.name) ? compare : [];
  const watched = view.namespace === ALL_NAMESPACES || view.namespace === namespace;
  if (!watched) {
    return [{
      title: `namespace ${namespace} not in view (watching ${view.namespace})`,
      command: 'rolloutPilot.pickNamespace',
      tooltip: `The Argo Rollouts view watches namespace '${view.namespace}' of context '${context}'. Pick '${namespace}' (or all namespaces) to see this rollout live.`,
    }];
  }
  const entry = session.entry(namespace, resource.name);
  if (!entry) {
    return [{ title: `not in ${context}/${namespace}`, tooltip: `No rollout '${resource.name}' in namespace '${namespace}' of context '${context}'.` }];
  }
  const items: LensItem[] = [
    {
      title: lensStatusText(entry.info),
      command: 'rolloutPilot.openRolloutPage',
      arguments: [entry.key],
      tooltip: `Rollout '${entry.name}' in ${context}/${entry.namespace}${entry.info.message ? `: ${entry.info.message}` : ''}. Click to open its page.`,
    },
  ];
  for (const { action, title } of LENS_ACTIONS) {
    if (entry.gates[action].enabled) items.push({ title, command: `rolloutPilot.${action}`, arguments: [entry.key] });
  }
  items.push({ title: 'Open Page', command: 'rolloutPilot.openRolloutPage', arguments: [entry.key] });
  return [...items, ...compare];
}

/** The rollouts (`namespace/name`) a set of documents shows, so a session change can say whether the lens is stale. */
export function shownKeys(resources: readonly LensResource[], view: SessionView): string[] {
  return resources.filter((r) => r.kind === 'Rollout').map((r) => `${namespaceOf(r, view)}/${r.name}`);
}
