// What rules and editor features may ask of the workspace: the objects of the other files, as plain facts read from
// them (no YAML nodes), found by kind, name and namespace. The language server's index and the CLI's set of paths
// both answer it (index.ts); the engine and the rules only see this interface.
import type { Range } from '../types';

export interface IndexedContainer {
  name?: string;
  ports: Array<{ containerPort?: number; name?: string; protocol?: string }>;
  /**
   * Resource names with a request (`cpu`, `memory`, …). A limit without a request counts: the API server then
   * defaults the request to the limit.
   */
  requests: string[];
}

/**
 * An item of a keyed list (a container by its `name`, an env variable by its `name`, …; the lists of
 * rules/merge-keys.ts): its merge key's value, the fields it writes, and the keyed lists inside it.
 */
export interface KeyedItem {
  key: string;
  /** absent when it cannot be told (a `<<` merge key may bring more) */
  fields?: string[];
  lists?: Record<string, KeyedItem[]>;
}

/** A link from one object to another by name, where it is written. */
export interface IndexedRef {
  /** The kind the link leads to (`Service`, `AnalysisTemplate`, `ClusterAnalysisTemplate`, `Rollout`, …). */
  kind: string;
  name: string;
  /** The field that holds the name (`canaryService`, `scaleTargetRef`, `templateName`, `workloadRef`, …). */
  field: string;
  /** Where the name's value is, in the file. */
  range: Range;
  /** `scaleTargetRef` / `workloadRef` only: the apiVersion they name. */
  apiVersion?: string;
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
  /**
   * Rollout: the keyed lists of its pod spec (`containers`, `volumes`, …) with their items: what a kustomize patch's
   * list replaces when kustomize does not know the Rollout's schema (rules/rollout-patch.ts).
   */
  podLists?: Record<string, KeyedItem[]>;
  /** A Rollout that takes its pod template from another workload. */
  workloadRef?: { kind?: string; name?: string; apiVersion?: string };
  /** HorizontalPodAutoscaler. */
  hpa?: {
    target?: { kind?: string; name?: string; apiVersion?: string };
    minReplicas?: number;
    maxReplicas?: number;
    /**
     * Resource metrics with a `Utilization` target (`cpu`, `memory`), on every container; an HPA without metrics
     * counts as `cpu` (the controller's default of 80 % CPU).
     */
    utilizationResources: string[];
    /** `ContainerResource` metrics with a `Utilization` target: only the named container needs the request. */
    containerUtilization?: Array<{ resource: string; container: string }>;
  };
  /** Service: `spec.selector` (absent: the Service selects nothing itself, e.g. ExternalName or manual Endpoints). */
  selector?: Record<string, string>;
  /** Service: where `spec.selector` is (its key), in the file. */
  selectorRange?: Range;
  /** Service: `spec.ports` (`targetPort` as written: a number, a port name, or absent = `port`). */
  servicePorts?: Array<{ port?: number; targetPort?: number | string; name?: string; range: Range }>;
  /** Workloads: `spec.replicas` is set (an HPA that scales the workload fights it on every apply). */
  hasReplicas?: boolean;
  /** Links by name to other objects (services, analysis templates, the HPA's target, the workloadRef). */
  refs?: IndexedRef[];
}

/**
 * How far "there is no such object" can be trusted for a link written in `file`:
 * - `complete`: every file that could hold the object is indexed and read as written;
 * - `partial`: the object may still exist where the workspace cannot see names (the file is outside the workspace
 *   folders, templated files or kustomize name prefixes elsewhere could make it): say so softly (information);
 * - `none`: say nothing (the workspace is still being read, or the file itself is a Helm template or in a kustomize
 *   folder, whose names, namespaces and fields change when rendered).
 */
export type Coverage = 'complete' | 'partial' | 'none';

/** How one kustomization that lists a strategic-merge patch file builds it (WorkspaceLookup.patchBuilds). */
export interface PatchBuild {
  /** the kustomization file */
  kustomization: string;
  /**
   * `openapi:` (a schema path) is declared in a build that includes the patch: by this kustomization, one it includes,
   * or one that includes it (kustomize reads the schema once per build). Undefined: cannot be told (a remote base).
   */
  openapi: boolean | undefined;
  /** `configurations:` is declared there (transformer configs: they do not change how lists merge) */
  configurations: boolean;
  /**
   * The object the patch is applied to, as a file of the build writes it, when that is certain: one object of the
   * patch's kind and name among what the kustomization includes, and no other patch of the build may change it first.
   */
  target?: IndexedObject;
}

export interface WorkspaceLookup {
  /** Objects of `kind` named `name`; `namespace` undefined matches any, and objects without one match any. */
  find(kind: string, name: string, namespace?: string): readonly IndexedObject[];
  /** Every object of `kind`. */
  ofKind(kind: string): Iterable<IndexedObject>;
  /**
   * Workloads whose own pod template may carry every `[key, value]` of `pairs` (a superset: the caller still
   * matches; workloads taking their template through a workloadRef are found through the workload they name).
   * Optional: lookups without it are searched by `ofKind`.
   */
  labelled?(pairs: ReadonlyArray<readonly [string, string]>): Iterable<IndexedObject>;
  /**
   * Objects that link by name to (`kind`, `name`) — HPAs scaling a workload, Rollouts naming a Service or an
   * AnalysisTemplate — with the namespace rule of `find`. Optional: lookups without it are searched by `ofKind`.
   */
  referrers?(kind: string, name: string, namespace?: string): IndexedObject[];
  /**
   * Whether a missing object of `kind` in `namespace`, looked for from `file`, is really missing (see Coverage).
   * `kind` `Pod` asks about pods: objects of kinds the index does not model (operators' custom resources) may make
   * them. Optional: a lookup without it is taken as `partial`.
   */
  coverage?(file: string | undefined, kind: string, namespace?: string): Coverage;
  /** Whether a document of a kind the index does not model (a `LimitRange`) is somewhere in the workspace. */
  mentions?(kind: string): boolean;
  /** Whether `file` is rendered before it is applied (a Helm chart, a kustomize folder): its fields may change. */
  transformed?(file: string): boolean;
  /**
   * A number that changes whenever an answer above may have changed for a check of `file` (facts of another file,
   * files read or gone, the first read ended, kustomizations or charts; `file`'s own objects do not count, the links
   * read them from its documents). Rules remember their findings while it stays the same; a lookup without it is
   * read afresh on every check.
   */
  generation?(file?: string): number;
  /**
   * Whether a kustomization of the workspace lists `file` as a patch: `strategic` (a strategic-merge patch, a fragment
   * of the object it names: checked as a fragment, no object of its own for the links), `json6902` (a list of
   * JSON-patch operations: not a manifest at all). Optional: a lookup without it knows no patch.
   */
  patchOf?(file: string): 'strategic' | 'json6902' | undefined;
  /**
   * For a strategic-merge patch file whose document patches (`kind`, `name`): how each kustomization that lists it
   * builds it. Empty when none does or the workspace is still being read. Optional: a lookup without it knows none.
   */
  patchBuilds?(file: string, kind: string, name: string, namespace?: string): PatchBuild[];
}
