// THE protocol between the extension host and the rollout page (webview): zod schemas that both sides import, so a
// message is checked where it arrives. No DOM and no Node imports here: the extension host bundles this file too.
//
// host → page: `state` (everything the page shows; sent only after the page said `ready`) and `result` (the outcome
// of an action the page asked for). page → host: `ready`, `action`, `revealManifest`. A message that fails to parse
// is dropped and logged by the receiver, never executed or rendered.
import { z } from 'zod';

export const ACTION_IDS = ['promote', 'promoteFull', 'abort', 'retry', 'pause', 'restart', 'setImage', 'undo'] as const;
export type ActionId = (typeof ACTION_IDS)[number];
export const actionIdSchema = z.enum(ACTION_IDS);

/** Whether an action may be asked for now; `reason` says why not (a refusal, or the missing RBAC permission). */
export const gateSchema = z.object({ enabled: z.boolean(), reason: z.string().optional() });
export type Gate = z.infer<typeof gateSchema>;

// ---- RolloutInfo (extension/src/cluster/info/rolloutInfo.ts), field for field ----
// test/unit/webviewProtocol.test.ts checks at compile time that RolloutInfo and z.infer<typeof rolloutInfoSchema>
// are assignable both ways and have the same keys, so the two cannot drift apart.

const infoMeta = {
  name: z.string(),
  namespace: z.string(),
  uid: z.string(),
  creationTimestamp: z.string().optional(),
};

export const podInfoSchema = z.object({
  ...infoMeta,
  status: z.string(),
  icon: z.string(),
  ready: z.string(),
  restarts: z.number(),
  age: z.string(),
});

export const replicaSetTagSchema = z.enum(['stable', 'canary', 'active', 'preview', 'ping', 'pong']);

export const replicaSetInfoSchema = z.object({
  ...infoMeta,
  revision: z.number(),
  status: z.string(),
  icon: z.string(),
  replicas: z.number(),
  available: z.number(),
  stable: z.boolean(),
  canary: z.boolean(),
  active: z.boolean(),
  preview: z.boolean(),
  ping: z.boolean(),
  pong: z.boolean(),
  tags: z.array(replicaSetTagSchema),
  template: z.string().optional(),
  scaleDownDeadline: z.string().optional(),
  scaleDownDelay: z.string().optional(),
  description: z.string().optional(),
  images: z.array(z.string()),
  initContainerImages: z.array(z.string()),
  pods: z.array(podInfoSchema),
  age: z.string(),
});

export const jobInfoSchema = z.object({
  name: z.string(),
  status: z.string(),
  icon: z.string(),
  startedAt: z.string().optional(),
  age: z.string(),
});

export const analysisRunInfoSchema = z.object({
  ...infoMeta,
  revision: z.number(),
  status: z.string(),
  icon: z.string(),
  successful: z.number(),
  failed: z.number(),
  inconclusive: z.number(),
  error: z.number(),
  successCondition: z.string(),
  count: z.number(),
  failureLimit: z.number(),
  inconclusiveLimit: z.number(),
  jobs: z.array(jobInfoSchema),
  nonJobInfo: z.array(z.object({ value: z.string().optional(), status: z.string(), startedAt: z.string().optional() })),
  info: z.string(),
  age: z.string(),
});

export const experimentInfoSchema = z.object({
  ...infoMeta,
  revision: z.number(),
  status: z.string(),
  message: z.string(),
  icon: z.string(),
  replicaSets: z.array(replicaSetInfoSchema),
  analysisRuns: z.array(analysisRunInfoSchema),
  age: z.string(),
});

export const imageInfoSchema = z.object({ image: z.string(), tags: z.array(z.string()) });

export const revisionInfoSchema = z.object({
  revision: z.number(),
  replicaSets: z.array(replicaSetInfoSchema),
  experiments: z.array(experimentInfoSchema),
  analysisRuns: z.array(analysisRunInfoSchema),
});

export const canaryStepTypeSchema = z.enum([
  'setWeight',
  'pause',
  'experiment',
  'analysis',
  'setCanaryScale',
  'setHeaderRoute',
  'setMirrorRoute',
  'plugin',
  'invalid',
]);

export const stepInfoSchema = z.object({
  index: z.number(),
  type: canaryStepTypeSchema,
  summary: z.string(),
  state: z.enum(['done', 'current', 'pending']),
});

export const containerInfoSchema = z.object({ name: z.string(), image: z.string() });

export const rolloutInfoSchema = z.object({
  ...infoMeta,
  resourceVersion: z.string().optional(),
  status: z.string(),
  message: z.string(),
  icon: z.string(),
  strategy: z.enum(['Canary', 'BlueGreen', '']),
  step: z.string(),
  currentStepIndex: z.number().optional(),
  stepCount: z.number(),
  setWeight: z.number().optional(),
  actualWeight: z.number().optional(),
  images: z.array(imageInfoSchema),
  replicas: z.object({ desired: z.number(), current: z.number(), updated: z.number(), ready: z.number(), available: z.number() }),
  replicaSets: z.array(replicaSetInfoSchema),
  experiments: z.array(experimentInfoSchema),
  analysisRuns: z.array(analysisRunInfoSchema),
  revisions: z.array(revisionInfoSchema),
  steps: z.array(stepInfoSchema),
  containers: z.array(containerInfoSchema),
  initContainers: z.array(containerInfoSchema),
  restartedAt: z.string().optional(),
  restartAt: z.string().optional(),
  generation: z.number().optional(),
  observedGeneration: z.string().optional(),
  abort: z.boolean(),
  abortedAt: z.string().optional(),
  paused: z.boolean(),
  pauseConditions: z.array(z.object({ reason: z.string(), startTime: z.string().optional() })),
  controllerPause: z.boolean(),
  promoteFull: z.boolean(),
  stableRS: z.string(),
  currentPodHash: z.string(),
  workloadRef: z.object({ apiVersion: z.string().optional(), kind: z.string().optional(), name: z.string().optional() }).optional(),
  age: z.string(),
});
export type RolloutInfoData = z.infer<typeof rolloutInfoSchema>;

// ---- AnalysisRun details for the charts (extension/src/cluster/info/analysisMetrics.ts derives them) ----

export const measurementSchema = z.object({
  phase: z.string(),
  value: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});

const intOrString = z.union([z.number(), z.string()]);

export const metricDetailSchema = z.object({
  name: z.string(),
  /** The metric result's phase; `Pending` before the first measurement. */
  phase: z.string(),
  successCondition: z.string().optional(),
  failureCondition: z.string().optional(),
  count: intOrString.optional(),
  interval: z.string().optional(),
  failureLimit: intOrString.optional(),
  /** Oldest first, as the controller keeps them. */
  measurements: z.array(measurementSchema),
});

export const analysisDetailSchema = z.object({
  name: z.string(),
  revision: z.number(),
  status: z.string(),
  message: z.string().optional(),
  metrics: z.array(metricDetailSchema),
});
export type AnalysisDetailData = z.infer<typeof analysisDetailSchema>;
export type MetricDetailData = z.infer<typeof metricDetailSchema>;
export type MeasurementData = z.infer<typeof measurementSchema>;

// ---- The page's whole state ----

const gatesShape = Object.fromEntries(ACTION_IDS.map((id) => [id, gateSchema])) as { [K in ActionId]: typeof gateSchema };

export const pageStateSchema = z.object({
  context: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** The namespace's connection health (`connected`, `reconnecting`, `forbidden`, ...) and its message. */
  health: z.object({ state: z.string(), message: z.string().optional() }),
  /** null: the rollout does not exist (any more) in that namespace. */
  rollout: rolloutInfoSchema.nullable(),
  gates: z.object(gatesShape),
  /** Every AnalysisRun of the rollout, newest revision first. */
  analysis: z.array(analysisDetailSchema),
  /** ISO time at which the current timed pause ends. */
  pauseEndsAt: z.string().datetime({ offset: true }).optional(),
  /** ISO time of the host's clock when the state was made (the page counts down against it). */
  now: z.string().datetime({ offset: true }),
  /** The rollout carries Argo CD's tracking label or annotation (auto-sync will undo set image and rollback). */
  argoCdManaged: z.boolean(),
});
export type PageState = z.infer<typeof pageStateSchema>;

// ---- Messages ----

export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: pageStateSchema }),
  z.object({ type: z.literal('result'), requestId: z.string().min(1), ok: z.boolean(), message: z.string() }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

export const pageMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('action'),
    requestId: z.string().min(1).max(200),
    action: actionIdSchema,
    /** setImage: the container whose image to change. */
    container: z.string().min(1).max(253).optional(),
    /** undo: the revision to roll back to. */
    revision: z.number().int().positive().optional(),
  }),
  z.object({ type: z.literal('revealManifest') }),
]);
export type PageMessage = z.infer<typeof pageMessageSchema>;

/** What the page keeps with `setState`, for the panel serializer to reopen it after a window reload. */
export const savedStateSchema = z.object({ context: z.string(), namespace: z.string(), name: z.string().min(1) });
export type SavedState = z.infer<typeof savedStateSchema>;

export type Parsed<T> = { ok: true; msg: T } | { ok: false; error: string };

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.message}`)
    .join('; ');
}

function parseWith<T>(schema: z.ZodType<T>, x: unknown): Parsed<T> {
  try {
    const r = schema.safeParse(x);
    return r.success ? { ok: true, msg: r.data } : { ok: false, error: describe(r.error) };
  } catch (e) {
    // a getter or proxy that throws while being read
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** A message from the host, checked; never throws. */
export function parseHostMessage(x: unknown): Parsed<HostMessage> {
  return parseWith(hostMessageSchema, x);
}

/** A message from the page, checked (and `setImage` without a container or `undo` without a revision refused). */
export function parsePageMessage(x: unknown): Parsed<PageMessage> {
  const r = parseWith(pageMessageSchema, x);
  if (!r.ok || r.msg.type !== 'action') return r;
  if (r.msg.action === 'setImage' && r.msg.container === undefined) return { ok: false, error: 'container: setImage needs a container' };
  if (r.msg.action === 'undo' && r.msg.revision === undefined) return { ok: false, error: 'revision: undo needs a revision' };
  return r;
}
