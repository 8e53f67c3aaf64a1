// Manifest text for the tests that generate a workspace (test/cli/lintJobs.test.ts, test/lsp/indexWorkers.test.ts):
// a canary Rollout with its two Services, an HPA scaling it, a Service selecting an app. The findings those tests
// expect follow from this text, so each builder writes exactly what it is asked for and nothing more.

export interface RolloutText {
  /** `spec.replicas: 3` (what an HPA scaling the Rollout reports) */
  replicas?: boolean;
  image: string;
  /** the container's `resources.requests`, as a flow mapping's inside: `cpu: 100m, memory: 128Mi` */
  requests: string;
  /** the canary steps, one YAML line each without the list's `- ` */
  steps: string[];
}

/** A canary Rollout of `app`: pods labelled `app: <app>`, a port named `http`, Services `<app>-canary`/`-stable`. */
export const rolloutText = (app: string, o: RolloutText): string => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${app}
spec:${o.replicas ? '\n  replicas: 3' : ''}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      containers:
      - name: ${app}
        image: ${o.image}
        ports: [{name: http, containerPort: 8080}]
        resources: {requests: {${o.requests}}}
  strategy:
    canary:
      canaryService: ${app}-canary
      stableService: ${app}-stable
      steps:
${o.steps.map((s) => `      - ${s}\n`).join('')}`;

/** An autoscaling/v2 HPA of 2-10 replicas scaling the Rollout `target` on CPU utilization. */
export const hpaText = (name: string, target: string, utilization: number): string => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: ${target}}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: ${utilization}}}
`;

/** A Service selecting `app: <app>`, port 80 to the pods' port named `http` (the port itself named too, or not). */
export const serviceText = (name: string, app: string, namedPort: boolean): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${app}}
  ports:
${namedPort ? '  - {name: http, port: 80, targetPort: http}\n' : '  - port: 80\n    targetPort: http\n'}`;
