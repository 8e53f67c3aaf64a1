// The small kustomize build the CLI's and the editor's kustomize tests share (test/cli/kustomizePatches.test.ts,
// kustomizeContext.test.ts, test/lsp/loneFiles.test.ts): a base Rollout `web` whose container has a CPU request, an HPA
// scaling it, and an overlay's strategic-merge patch that writes the container again — whole, or without the request (kustomize replaces a Rollout's containers as
// written when the build declares no `openapi:`, so the lossy one drops it: `rollout-patch-replaces-list`).
export const WEB_ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m}}}]
  strategy:
    canary:
      steps: [{setWeight: 20}, {pause: {}}]
`;

export const WEB_HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}
  minReplicas: 2
  maxReplicas: 6
`;

const REQUEST = '        resources: {requests: {cpu: 100m}}\n';

/** The patch with the whole container: nothing lost. */
export const WEB_PATCH =
  'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:2\n' +
  REQUEST;

/** The patch whose container leaves the request out: it loses `resources`. */
export const LOSSY_PATCH = WEB_PATCH.replace(REQUEST, '');

/** The overlay's kustomization (in overlays/prod, the base in base/). */
export const OVERLAY_KUSTOMIZATION = 'resources: [../../base]\npatches:\n- path: patch.yaml\n';
