// Every argo-* rule through the language server protocol, one case each (test/lsp/ruleCases.ts): the bad Rollout gets
// exactly that finding on the expected text, its quick fix (where the rule has one) is applied as an editor applies it
// and re-checked, and the good Rollout gets none. One server for the whole file.
import { test, after, before } from 'node:test';
import { LspClient } from './client';
import { checkRuleCase, type RuleCase } from './ruleCases';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

/** A valid Rollout: `spec` lines go before the selector, `strategy` under `strategy:`, `pod` into the pod spec. */
function rollout({ spec = '', selector = 'app: demo # the app', strategy = '    canary:\n      steps:\n      - setWeight: 20\n', pod = '' } = {}): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
spec:
${spec}  selector:
    matchLabels:
      ${selector}
  template:
    metadata:
      labels:
        app: demo
    spec:
${pod}      containers:
      - name: demo
        image: registry.example/demo:1
  strategy:
${strategy}`;
}

const SERVICES = '      canaryService: demo-canary\n      stableService: demo-stable\n';
const ISTIO = '      trafficRouting:\n        istio:\n          virtualService:\n            name: demo\n';
const canary = (body: string) => rollout({ strategy: `    canary:\n${body}` });

const cases: RuleCase[] = [
  {
    code: 'argo-strategy',
    bad: rollout({ strategy: '    canary: {}\n    blueGreen:\n      activeService: demo\n' }),
    good: rollout({ strategy: '    blueGreen:\n      activeService: demo\n' }),
    at: 'blueGreen',
    message: /Multiple Strategies can not be listed/,
    severity: 1,
  },
  {
    code: 'argo-step',
    bad: canary('      steps:\n      - {setWeight: 20, pause: {}}\n'),
    good: canary('      steps:\n      - setWeight: 20\n      - pause: {}\n'),
    at: '{setWeight: 20, pause: {}}',
    message: /Step must have one of the following set/,
    severity: 1,
  },
  {
    code: 'argo-set-weight',
    bad: canary('      steps:\n      - setWeight: 120\n'),
    good: canary('      steps:\n      - setWeight: 100\n'),
    at: '120',
    message: /SetWeight needs to be between 0 and 100/,
    severity: 1,
  },
  {
    code: 'argo-pause-duration',
    bad: canary('      steps:\n      - pause: {duration: -5}\n'),
    good: canary('      steps:\n      - pause: {duration: 30s}\n'),
    at: '-5',
    message: /Duration needs to be greater than 0/,
    severity: 1,
  },
  {
    code: 'argo-same-service',
    bad: canary('      stableService: demo\n      canaryService: demo\n'),
    good: canary('      stableService: demo\n      canaryService: demo-canary\n'),
    at: 'demo',
    message: /same service for the stable and canary services/,
    severity: 1,
  },
  {
    code: 'argo-max-surge',
    bad: canary('      maxSurge: 0\n      maxUnavailable: "0%"\n'),
    good: canary('      maxSurge: 1\n      maxUnavailable: "0%"\n'),
    at: 'maxSurge',
    message: /MaxSurge and MaxUnavailable both can not be zero/,
    severity: 1,
  },
  {
    code: 'argo-traffic-routing-required',
    bad: canary('      scaleDownDelaySeconds: 30\n'),
    good: canary(SERVICES + '      scaleDownDelaySeconds: 30\n' + ISTIO),
    at: 'scaleDownDelaySeconds',
    message: /Canary scaleDownDelaySeconds can only be used with traffic routing/,
    severity: 1,
  },
  {
    code: 'argo-anti-affinity',
    bad: canary('      antiAffinity: {}\n'),
    good: canary('      antiAffinity:\n        requiredDuringSchedulingIgnoredDuringExecution: {}\n'),
    at: 'antiAffinity',
    message: /AntiAffinity must have exactly one strategy listed/,
    severity: 1,
  },
  {
    code: 'argo-progress-deadline',
    bad: rollout({ spec: '  minReadySeconds: 700\n' }),
    good: rollout({ spec: '  minReadySeconds: 30\n' }),
    at: 'minReadySeconds',
    message: /progressDeadlineSeconds must be greater than minReadySeconds/,
    severity: 1,
  },
  {
    code: 'argo-selector',
    bad: rollout({ selector: 'app: dmeo # the app' }),
    good: rollout(),
    at: 'labels',
    message: /`selector` does not match template `labels`.*`app: dmeo`/,
    severity: 1,
    fix: { title: /Change the selector's app to 'demo'/, result: rollout() },
  },
  {
    code: 'argo-pod-template',
    bad: rollout({ pod: '      restartPolicy: Never # the pods\n' }),
    good: rollout({ pod: '      restartPolicy: Always # the pods\n' }),
    at: 'Never',
    message: /spec\.template\.spec\.restartPolicy: Unsupported value: "Never": supported values: "Always"/,
    severity: 1,
    fix: { title: /Change restartPolicy to Always/, result: rollout({ pod: '      restartPolicy: Always # the pods\n' }) },
  },
  {
    code: 'argo-workload-ref',
    bad: rollout({ spec: '  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: demo\n' }).replace(/ {2}selector:\n.*\n.*\n/, ''),
    good: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: demo\nspec:\n  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: demo\n  strategy:\n    canary:\n      steps:\n      - setWeight: 20\n',
    at: 'template',
    message: /template must be empty for workload reference rollout/,
    severity: 2,
  },
  {
    code: 'argo-negative',
    bad: rollout({ spec: '  replicas: -1\n' }),
    good: rollout({ spec: '  replicas: 0\n' }),
    at: '-1',
    message: /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/,
    severity: 1,
  },
  {
    code: 'argo-revision-limit',
    bad: rollout({ spec: '  revisionHistoryLimit: 2\n', strategy: '    blueGreen:\n      activeService: demo\n      scaleDownDelayRevisionLimit: 3\n' }),
    good: rollout({ spec: '  revisionHistoryLimit: 3\n', strategy: '    blueGreen:\n      activeService: demo\n      scaleDownDelayRevisionLimit: 3\n' }),
    at: '3',
    message: /revision history limit can not be smaller than the rollout's scale down limit/,
    severity: 1,
  },
  {
    code: 'argo-service-required',
    bad: canary('      canaryService: demo-canary\n      trafficRouting:\n        nginx:\n          stableIngress: demo\n'),
    good: canary(SERVICES + '      trafficRouting:\n        nginx:\n          stableIngress: demo\n'),
    at: 'trafficRouting',
    message: /Canary service and Stable service must to be set to use Traffic Routing \(stableService is not set\)/,
    severity: 1,
  },
  {
    code: 'argo-router-support',
    bad: canary(SERVICES + '      trafficRouting:\n        maxTrafficWeight: 1000\n        smi: {}\n'),
    good: canary(SERVICES + '      trafficRouting:\n        maxTrafficWeight: 1000\n        nginx:\n          stableIngress: demo\n'),
    at: 'maxTrafficWeight',
    message: /Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins/,
    severity: 1,
  },
  {
    code: 'argo-dynamic-stable-scale',
    bad: canary(SERVICES + '      dynamicStableScale: true\n      scaleDownDelaySeconds: 30\n' + ISTIO),
    good: canary(SERVICES + '      dynamicStableScale: true\n' + ISTIO),
    at: 'dynamicStableScale',
    message: /Canary dynamicStableScale cannot be used with scaleDownDelaySeconds/,
    severity: 1,
  },
  {
    code: 'argo-route-match',
    bad: canary(SERVICES + ISTIO + '        managedRoutes:\n        - name: h\n      steps:\n      - setHeaderRoute:\n          name: h\n          match:\n          - headerName: x\n            headerValue: {exact: a, prefix: b}\n'),
    good: canary(SERVICES + ISTIO + '        managedRoutes:\n        - name: h\n      steps:\n      - setHeaderRoute:\n          name: h\n          match:\n          - headerName: x\n            headerValue: {prefix: b}\n'),
    at: '{exact: a, prefix: b}',
    message: /StringMatch match value must have exactly one of the following: exact, regex, prefix/,
    severity: 1,
  },
  {
    code: 'argo-managed-routes',
    bad: canary(SERVICES + ISTIO + '      steps:\n      - setMirrorRoute: # mirror a tenth\n          name: mirror-route\n          percentage: 10\n'),
    good: canary(SERVICES + '      trafficRouting:\n        managedRoutes:\n        - name: mirror-route\n        istio:\n          virtualService:\n            name: demo\n      steps:\n      - setMirrorRoute: # mirror a tenth\n          name: mirror-route\n          percentage: 10\n'),
    at: 'setMirrorRoute',
    message: /Rollout has missing field 'spec\.strategy\.canary\.trafficRouting\.managedRoutes'/,
    severity: 1,
    fix: {
      title: /Add trafficRouting\.managedRoutes \(mirror-route\)/,
      result: canary(SERVICES + '      trafficRouting:\n        managedRoutes:\n        - name: mirror-route\n        istio:\n          virtualService:\n            name: demo\n      steps:\n      - setMirrorRoute: # mirror a tenth\n          name: mirror-route\n          percentage: 10\n'),
    },
  },
  {
    code: 'argo-analysis-args',
    bad: canary("      steps:\n      - analysis:\n          templates:\n          - templateName: success-rate\n          args:\n          - name: who # the Rollout's name\n            valueFrom:\n              fieldRef:\n                fieldPath: metadata.nme\n"),
    good: canary("      steps:\n      - analysis:\n          templates:\n          - templateName: success-rate\n          args:\n          - name: who # the Rollout's name\n            valueFrom:\n              fieldRef:\n                fieldPath: metadata.labels['app']\n"),
    at: 'metadata.nme',
    message: /Analyses arguments must refer to valid object metadata supported by downwardAPI/,
    severity: 1,
    fix: { title: /Change to 'metadata\.name'/ },
  },
];

for (const rc of cases) {
  test(`${rc.code} through the protocol`, async () => {
    await checkRuleCase(client, rc);
  });
}
