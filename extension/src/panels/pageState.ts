// What the rollout page is sent: the page's state for one rollout, from the session. Pure (no `vscode`), so the
// panel host, the tests and `npm run bench` (watch → page latency) compute exactly the same message.
import { analysisDetails, pauseEndsAt, type ClusterSession, type RolloutEntry } from '../cluster';
import { ACTION_IDS, type PageState } from '../../../webview/src/protocol';

/** The rollout a page follows: the context it was opened in, and the rollout's namespace and name. */
export interface PageTarget {
  context: string;
  namespace: string;
  name: string;
}

/** The rollout the page shows, when the session's context is the page's and the rollout is in view. */
export function pageEntry(session: ClusterSession | undefined, target: PageTarget): RolloutEntry | undefined {
  return session && session.view.context?.name === target.context ? session.entry(target.namespace, target.name) : undefined;
}

/** The connection as the page says it: the watch's health, or why there is none for this page. */
export function pageHealth(session: ClusterSession | undefined, target: PageTarget): PageState['health'] {
  const view = session?.view;
  const health = !session
    ? { state: 'restricted', message: 'the cluster views are off in a restricted workspace' }
    : view?.status.kind !== 'active'
      ? { state: 'noContext', message: view?.status.message ?? 'no context' }
      : view.context?.name !== target.context
        ? { state: 'otherContext', message: `the views now show context '${view.context?.name ?? ''}'; pick context '${target.context}' to follow this rollout` }
        : { state: view.health?.state ?? 'connecting', ...(view.health?.message ? { message: view.health.message } : {}) };
  return { state: health.state, ...(health.message ? { message: health.message } : {}) };
}

/** The page's state for `target`, from the session (rollout null when it is not in view). */
export function pageState(session: ClusterSession | undefined, target: PageTarget, now = new Date()): PageState {
  const entry = pageEntry(session, target);
  const runs = session?.rawSnapshot?.analysisRuns.filter((a) => a.metadata?.namespace === target.namespace) ?? [];
  const end = entry ? pauseEndsAt(entry.rollout) : undefined;
  const disabled = Object.fromEntries(ACTION_IDS.map((a) => [a, { enabled: false, reason: 'the rollout is not in view' }])) as PageState['gates'];
  return {
    context: target.context,
    namespace: target.namespace,
    name: target.name,
    health: pageHealth(session, target),
    rollout: entry ? entry.info : null,
    gates: entry ? entry.gates : disabled,
    analysis: entry ? analysisDetails(entry.rollout.metadata?.uid ?? '', runs) : [],
    ...(end !== undefined ? { pauseEndsAt: new Date(end).toISOString() } : {}),
    now: now.toISOString(),
    argoCdManaged: !!entry?.argoCdApp,
  };
}
