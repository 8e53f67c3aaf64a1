// The workspace index at GitOps scale: a generated 5,000-file repository (Rollouts, Deployments, HPAs, Services,
// AnalysisTemplates, CRDs, ConfigMaps, kustomize bases and overlays, a Helm chart) opened as the workspace folder of
// the built language server (dist/server.js), forked with node IPC as VS Code's language client forks it. Measures:
//   workspaceIndexMs      initialized → the server's "indexed N YAML files" (its own count of the time it took)
//   workspaceRssMb        the server's resident memory once the folder is indexed, with two documents open
//   crossFileKeystrokeMs  a keystroke in an HPA (its target's name changes) → the open Rollout's diagnostics follow
//                         (replicas-under-hpa appears or goes), median over the keystrokes
// with the server forked as the extension forks it (node IPC); then a second server over stdio, as other editors start
// it, for its keystroke (crossFileKeystrokeStdioMs: its JSON-RPC framing costs ~1.5 ms more per keystroke here).
// Prints a short section, then ONE JSON line (the last line of stdout):
//   {"workspaceIndexMs":X,"workspaceRssMb":X,"crossFileKeystrokeMs":X,"crossFileKeystrokeStdioMs":X}
//
//   npm run build && node --import tsx bench/workspace.ts [--keep]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LspClient, SERVER } from '../test/lsp/client';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../server/src/lsp/launch';

const FILES = 5000;
const KEYSTROKES = 21;
const TARGETS = { indexMs: 5000, rssMb: 250, keystrokeMs: 5 };
/** Between an answer and the next keystroke, as bench/ does for the single-file keystroke: a fast typist. */
const TYPING_GAP_MS = 60;

const rollout = (app: string, replicas: boolean) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${app}
  namespace: ${app}
spec:${replicas ? '\n  replicas: 3' : ''}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}, team: t${app.length % 7}}
    spec:
      containers:
      - name: ${app}
        image: registry.example.com/${app}:1.0.0
        ports: [{name: http, containerPort: 8080}]
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
      - name: proxy
        image: envoyproxy/envoy:v1.31.0
        resources: {requests: {cpu: 50m, memory: 64Mi}}
  strategy:
    canary:
      canaryService: ${app}-canary
      stableService: ${app}-stable
      trafficRouting: {nginx: {stableIngress: ${app}}}
      steps:
      - setWeight: 20
      - analysis: {templates: [{templateName: success-rate}]}
      - pause: {duration: 5m}
      - setWeight: 50
      - pause: {}
`;

const deployment = (app: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${app}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers:
      - {name: ${app}, image: 'registry.example.com/${app}:2', ports: [{name: http, containerPort: 8080}], resources: {requests: {cpu: 100m}}}
`;

const hpa = (app: string, kind: string, target = app) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${app}
  namespace: ${app}
spec:
  scaleTargetRef: {apiVersion: ${kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1'}, kind: ${kind}, name: ${target}}
  minReplicas: 2
  maxReplicas: 20
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`;

const service = (app: string, name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${app}
spec:
  selector: {app: ${app}}
  ports:
  - {name: http, port: 80, targetPort: http}
`;

const analysis = (app: string) => `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate
  namespace: ${app}
spec:
  args: [{name: service-name}]
  metrics:
  - name: success-rate
    interval: 1m
    successCondition: result[0] >= 0.95
    provider:
      prometheus:
        address: http://prometheus.monitoring:9090
        query: sum(rate(http_requests_total{service="{{args.service-name}}",code!~"5.."}[5m])) / sum(rate(http_requests_total{service="{{args.service-name}}"}[5m]))
`;

/** A CRD of about 40 KB (the schema a real operator ships), not parsed by the index. */
function crd(i: number): string {
  const props = Array.from({ length: 300 }, (_, j) => `              field${j}:\n                type: string\n                description: Field ${j} of the resource, as an operator documents it at length.`).join('\n');
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things${i}.example.com
spec:
  group: example.com
  names: {kind: Thing${i}, plural: things${i}}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
${props}
`;
}

function generate(root: string): { files: number; app: string } {
  const files: Record<string, string> = {};
  let n = 0;
  for (let a = 0; n < FILES; a++) {
    const app = `app${a}`;
    const add = (p: string, text: string) => {
      if (n >= FILES) return;
      files[p] = text;
      n++;
    };
    if (a % 5 === 4) {
      // a kustomize app: base and two overlays
      add(`apps/${app}/base/kustomization.yaml`, 'resources: [deployment.yaml, hpa.yaml, service.yaml]\n');
      add(`apps/${app}/base/deployment.yaml`, deployment(app));
      add(`apps/${app}/base/hpa.yaml`, hpa(app, 'Deployment'));
      add(`apps/${app}/base/service.yaml`, service(app, app));
      for (const env of ['staging', 'prod']) {
        add(`apps/${app}/overlays/${env}/kustomization.yaml`, `namespace: ${app}-${env}\nresources: [../../base]\npatches: [{path: patch.yaml}]\n`);
        add(`apps/${app}/overlays/${env}/patch.yaml`, `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${app}}\nspec: {template: {spec: {containers: [{name: ${app}, env: [{name: ENV, value: ${env}}]}]}}}\n`);
      }
    } else {
      add(`apps/${app}/rollout.yaml`, rollout(app, a === 1));
      add(`apps/${app}/hpa.yaml`, hpa(app, 'Rollout'));
      add(`apps/${app}/services.yaml`, `${service(app, `${app}-canary`)}---\n${service(app, `${app}-stable`)}`);
      add(`apps/${app}/analysis.yaml`, analysis(app));
      add(`apps/${app}/config.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${app}-config, namespace: ${app}}\ndata:\n  LOG_LEVEL: info\n  FEATURE_FLAGS: "a,b,c"\n`);
    }
    if (a % 25 === 0) add(`platform/crds/thing${a}.yaml`, crd(a));
    if (a === 10) {
      add('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
      add('charts/web/values.yaml', 'replicas: 2\nimage: nginx\n');
      add('charts/web/templates/deployment.yaml', deployment('{{ .Release.Name }}').replace(/name: \{\{ \.Release\.Name \}\}\n/, 'name: {{ include "web.fullname" . }}\n'));
    }
  }
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return { files: n, app: 'app1' };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Run {
  indexMs: number;
  rss: number;
  keystroke: number;
  keystrokes: number;
}

/**
 * One server on the generated folder: its first read, its memory, then the keystrokes. `ipc`: forked as the extension
 * forks it (vscode-languageclient's TransportKind.ipc, with launch.json's Node flags and variables left out); `stdio`: spawned as other
 * editors start it, with the same flags.
 */
async function measure(root: string, app: string, transport: 'ipc' | 'stdio'): Promise<Run> {
  const c = await LspClient.start(
    transport === 'ipc'
      ? { rootUri: pathToFileURL(root).href, transport: 'ipc', execArgv: SERVER_EXEC_ARGV, env: SERVER_ENV }
      : { rootUri: pathToFileURL(root).href, serverArgs: [...SERVER_EXEC_ARGV, SERVER, '--stdio'] },
  );
  try {
    let indexMs = NaN;
    for (let i = 0; i < 6000; i++) {
      const line = c.logs.find((l) => /indexed \d+ YAML files in \d+ ms/.test(l));
      if (line) {
        indexMs = Number(/in (\d+) ms/.exec(line)![1]);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const rolloutUri = pathToFileURL(join(root, `apps/${app}/rollout.yaml`)).href;
    const hpaUri = pathToFileURL(join(root, `apps/${app}/hpa.yaml`)).href;
    await c.open(rolloutUri, rollout(app, true));
    await c.open(hpaUri, hpa(app, 'Rollout'));
    const under = (want: boolean) => (p: { version?: number; diagnostics: Array<{ code?: unknown }> }) =>
      p.diagnostics.some((d) => d.code === 'replicas-under-hpa') === want;
    await c.diagnostics(rolloutUri, under(true), 30000);
    const rss = rssMb(c.proc.pid!);

    // each keystroke adds or removes one character of the HPA's target name: the Rollout's finding follows
    const line = hpa(app, 'Rollout').split('\n').findIndex((l) => l.includes('scaleTargetRef'));
    const col = hpa(app, 'Rollout').split('\n')[line]!.indexOf(`name: ${app}}`) + `name: ${app}`.length;
    const times: number[] = [];
    for (let k = 0; k < KEYSTROKES; k++) {
      const typing = k % 2 === 0;
      const seen = c.published.length;
      const started = performance.now();
      await c.change(hpaUri, k + 2, [
        typing
          ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' }
          : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' },
      ]);
      // the Rollout's own version does not change: wait for a publication in the new state after this keystroke
      await c.diagnostics(rolloutUri, (p) => c.published.indexOf(p) >= seen && under(!typing)(p), 10000);
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, TYPING_GAP_MS));
    }
    return { indexMs, rss, keystroke: Math.round(median(times.slice(1)) * 10) / 10, keystrokes: times.length - 1 };
  } finally {
    await c.stop();
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'rp-bench-ws-'));
  try {
    const { files, app } = generate(root);
    const ipc = await measure(root, app, 'ipc');
    const stdio = await measure(root, app, 'stdio');
    console.log(`workspace index (${files} generated files: Rollouts, Deployments, HPAs, Services, AnalysisTemplates, CRDs, kustomize, Helm)`);
    console.log(`  server forked as the extension forks it (node IPC, launch.json's Node flags):`);
    console.log(`  cold index            ${ipc.indexMs} ms (target < ${TARGETS.indexMs})`);
    console.log(`  server RSS indexed    ${ipc.rss} MB (target < ${TARGETS.rssMb})`);
    console.log(`  cross-file keystroke  ${ipc.keystroke} ms median of ${ipc.keystrokes} (target < ${TARGETS.keystrokeMs})`);
    console.log(`  the same server over stdio (other editors): cold index ${stdio.indexMs} ms, cross-file keystroke ${stdio.keystroke} ms`);
    console.log(
      JSON.stringify({
        workspaceIndexMs: ipc.indexMs,
        workspaceRssMb: ipc.rss,
        crossFileKeystrokeMs: ipc.keystroke,
        crossFileKeystrokeStdioMs: stdio.keystroke,
      }),
    );
  } finally {
    if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
