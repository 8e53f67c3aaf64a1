// What rules and editor features may ask of the workspace: the objects of the other files, as plain facts read from
// them (no YAML nodes), found by kind, name and namespace. The language server's index and the CLI's set of paths
// both answer it; the engine and the rules only see this interface.
import type { Range } from '../types';

export interface IndexedContainer {
  name?: string;
  ports: Array<{ containerPort?: number; name?: string; protocol?: string }>;
  /** Resource names with a request (`cpu`, `memory`, …). */
  requests: string[];
}

export interface IndexedObject {
  /** The file (URI in the editor, path in the CLI). */
  file: string;
  kind: string;
  apiVersion: string;
  name: string;
  /** Absent when the document names none (kustomize or `kubectl -n` decides): matches any namespace. */
  namespace?: string;
  /** Where `metadata.name`'s value is, in the file (not the document). */
  nameRange: Range;
  /** Workloads (Rollout, Deployment, StatefulSet, ReplicaSet, DaemonSet, Job, …): the pod template. */
  pod?: { labels: Record<string, string>; containers: IndexedContainer[] };
  /** A Rollout that takes its pod template from another workload. */
  workloadRef?: { kind?: string; name?: string; apiVersion?: string };
  /** HorizontalPodAutoscaler. */
  hpa?: {
    target?: { kind?: string; name?: string; apiVersion?: string };
    minReplicas?: number;
    maxReplicas?: number;
    /** Resource metrics with a `Utilization` target (`cpu`, `memory`). */
    utilizationResources: string[];
  };
  /** Service: `spec.selector` (absent: the Service selects nothing itself, e.g. ExternalName or manual Endpoints). */
  selector?: Record<string, string>;
}

export interface WorkspaceLookup {
  /** Objects of `kind` named `name`; `namespace` undefined matches any, and objects without one match any. */
  find(kind: string, name: string, namespace?: string): IndexedObject[];
  /** Every object of `kind`. */
  ofKind(kind: string): Iterable<IndexedObject>;
}
