// Fetches the live object a manifest document describes, at the document's own API version when the cluster serves
// it (an HPA written for `autoscaling/v2beta1` is read as v2beta1, so the diff is in the file's vocabulary), and
// builds the two sides of "Compare with Live". No `vscode` import: the cluster tests drive it as the command does.
import { ClusterError, errorMessage, type KubeClient } from '../cluster';
import { lineHunks, normalizeFile, normalizeLive, toYaml, type Hunk } from './normalize';

/** Plural resource names of the kinds compared (the API paths' last segment). */
const PLURALS: Readonly<Record<string, string>> = {
  Rollout: 'rollouts',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  Service: 'services',
};

/** Other served versions to read an HPA at when the file's is not served (newest first). */
const HPA_VERSIONS = ['autoscaling/v2', 'autoscaling/v2beta2', 'autoscaling/v2beta1', 'autoscaling/v1'];

export function objectPath(apiVersion: string, kind: string, namespace: string, name: string): string | undefined {
  const plural = PLURALS[kind];
  if (!plural) return undefined;
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${plural}/${encodeURIComponent(name)}`;
}

export type LiveResult =
  | { ok: true; object: Record<string, unknown>; apiVersion: string }
  | { ok: false; message: string };

/** GETs the object; a missing one, an unserved version or a refusal comes back as a sentence, never a throw. */
export async function fetchLive(client: KubeClient, doc: { apiVersion: string; kind: string; name: string }, namespace: string): Promise<LiveResult> {
  const where = `${doc.kind} '${doc.name}' in namespace '${namespace}'`;
  const versions = [doc.apiVersion, ...(doc.kind === 'HorizontalPodAutoscaler' ? HPA_VERSIONS.filter((v) => v !== doc.apiVersion) : [])];
  let missing = false;
  for (const apiVersion of versions) {
    const path = objectPath(apiVersion, doc.kind, namespace, doc.name);
    if (!path) return { ok: false, message: `${doc.kind} cannot be compared (only Rollouts, HorizontalPodAutoscalers and Services)` };
    try {
      const object = await client.json<Record<string, unknown>>({ method: 'GET', path });
      return { ok: true, object, apiVersion };
    } catch (e) {
      if (e instanceof ClusterError && e.kind === 'notFound') {
        // the object is missing, or this API version is not served: try the next version (HPAs), else say so
        missing = missing || e.serverStatus?.reason === 'NotFound';
        continue;
      }
      return { ok: false, message: `reading ${where} failed: ${errorMessage(e)}` };
    }
  }
  return { ok: false, message: missing ? `there is no ${where}` : `there is no ${where} (or its API version ${doc.apiVersion} is not served)` };
}

export interface Comparison {
  /** the live object, normalized and serialized */
  live: string;
  /** the file's document, normalized and serialized */
  file: string;
  hunks: Hunk[];
  /** set when the live object was read at another API version than the file's */
  note?: string;
}

/** Both sides of the diff for a document's data and the live object. */
export function compare(fileObject: Record<string, unknown>, live: Record<string, unknown>, liveApiVersion?: string): Comparison {
  const f = toYaml(normalizeFile(fileObject));
  const l = toYaml(normalizeLive(live, fileObject));
  const fileVersion = typeof fileObject.apiVersion === 'string' ? fileObject.apiVersion : '';
  return {
    live: l,
    file: f,
    hunks: lineHunks(l, f),
    ...(liveApiVersion && liveApiVersion !== fileVersion ? { note: `the cluster does not serve ${fileVersion}: the live object is shown as ${liveApiVersion}` } : {}),
  };
}
