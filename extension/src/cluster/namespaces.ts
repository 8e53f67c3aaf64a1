// The namespace picker's list: the cluster's namespaces, or, for a user who may not list them (common with
// namespace-scoped RBAC), the context's own namespace plus the reason.
import type { KubeClient } from './client';
import { ClusterError, transportError } from './errors';
import { requestTarget } from './resources';

export interface NamespaceList {
  names: string[];
  /** set when the cluster's list could not be read; `names` is then just the fallback */
  error?: ClusterError;
}

export async function listNamespaces(client: KubeClient, fallback: string): Promise<NamespaceList> {
  try {
    const list = await client.json<{ items?: Array<{ metadata?: { name?: string } }> }>({ method: 'GET', path: '/api/v1/namespaces' });
    const names = (list.items ?? []).map((n) => n.metadata?.name ?? '').filter(Boolean).sort();
    return { names: names.includes(fallback) || !fallback ? names : [...names, fallback].sort() };
  } catch (e) {
    const error = e instanceof ClusterError ? e : transportError(e, requestTarget('GET', '/api/v1/namespaces'), client.server);
    return { names: fallback ? [fallback] : [], error };
  }
}
