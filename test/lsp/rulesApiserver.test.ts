// Through the protocol, one case per code of the API-server rules (rules/apiserver*.ts), the well-known label rules
// (labels.ts) and the removed/deprecated API rules (deprecations.ts): the bad fixture gets exactly that finding on
// the expected text, its quick fix is applied as the editor applies it and re-checked, the good fixture is clean.
// One server; the version-dependent cases switch rolloutPilot.kubernetesVersion through workspace/configuration.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { delay, LspClient } from './client';
import { checkRuleCase } from './ruleCases';

const seed = (name: string) => readFileSync(`test/fixtures/seed/${name}.yaml`, 'utf8');

let settings: Record<string, unknown> = {};
let c: LspClient;
before(async () => {
  c = await LspClient.start({ configuration: () => settings });
});
after(async () => {
  await c.stop();
});

/** Switches the target version and waits until the server has pulled it. */
async function targetVersion(v: string): Promise<void> {
  const before = c.configurationRequests;
  settings = { kubernetesVersion: v };
  await c.notify('workspace/didChangeConfiguration', { settings: null });
  for (let i = 0; i < 200 && c.configurationRequests === before; i++) await delay(10);
  assert.ok(c.configurationRequests > before, 'the server pulled the configuration');
  await delay(50);
}

function service(body: string, name = 'web', meta = ''): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name} # the front door
${meta}spec:
  selector:
    app: web
${body}`;
}

function rollout(podSpec: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  strategy:
    canary: {}
  template:
    metadata:
      labels:
        app: web
    spec:
${podSpec}`;
}

function hpa(spec: string, apiVersion = 'autoscaling/v2'): string {
  return `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    name: web
${spec}`;
}

const CONTAINER = '      containers:\n      - name: web\n        image: nginx\n';

// ---------------------------------------------------------------------------------------------------------------
// The API server's checks

test('invalid-name: a Service name that is not a DNS-1035 label, fixed to one', async () => {
  await checkRuleCase(c, {
    code: 'invalid-name',
    bad: service('  ports:\n  - port: 80\n', 'Web_API'),
    good: service('  ports:\n  - port: 80\n', 'web-api'),
    at: 'Web_API',
    severity: 1,
    message: /^metadata\.name: Invalid value: "Web_API": a DNS-1035 label must consist of/,
    fix: { title: /^Change to `web-api`$/, result: service('  ports:\n  - port: 80\n', 'web-api') },
  });
});

test('invalid-label: a label value that starts with a dash', async () => {
  await checkRuleCase(c, {
    code: 'invalid-label',
    bad: service('  ports:\n  - port: 80\n', 'web', '  labels:\n    tier: -frontend # edge\n'),
    good: service('  ports:\n  - port: 80\n', 'web', '  labels:\n    tier: frontend # edge\n'),
    at: '-frontend',
    severity: 1,
    message: /^metadata\.labels: Invalid value: "-frontend": a valid label must be an empty string or consist of/,
  });
});

test('invalid-port: a quoted targetPort is a port name; the fix removes the quotes', async () => {
  const bad = service('  ports:\n  - port: 80\n    targetPort: "8080" # the app\n');
  await checkRuleCase(c, {
    code: 'invalid-port',
    bad,
    good: service('  ports:\n  - port: 80\n    targetPort: 8080 # the app\n'),
    at: '"8080"',
    severity: 1,
    message: /^spec\.ports\[0\]\.targetPort: Invalid value: "8080": must contain at least one letter \(a-z\)/,
    fix: { title: /^Remove the quotes: 8080$/, result: bad.replace('"8080"', '8080') },
  });
});

test('invalid-port-name: a Service port name with capitals and an underscore', async () => {
  const bad = service('  ports:\n  - name: Web_Port\n    port: 80\n');
  await checkRuleCase(c, {
    code: 'invalid-port-name',
    bad,
    good: service('  ports:\n  - name: web-port\n    port: 80\n'),
    at: 'Web_Port',
    severity: 1,
    message: /^spec\.ports\[0\]\.name: Invalid value: "Web_Port": a lowercase RFC 1123 label/,
    fix: { title: /^Change to `web-port`$/, result: bad.replace('Web_Port', 'web-port') },
  });
});

test('duplicate-port: two Service ports on 80/TCP', async () => {
  await checkRuleCase(c, {
    code: 'duplicate-port',
    bad: service('  ports:\n  - {name: http, port: 80}\n  - {name: alt, port: 80, protocol: TCP}\n'),
    good: service('  ports:\n  - {name: http, port: 80}\n  - {name: alt, port: 8080, protocol: TCP}\n'),
    at: '80',
    severity: 1,
    message: /^spec\.ports\[1\]: Duplicate value: port 80\/TCP is already spec\.ports\[0\]$/,
  });
});

test('duplicate-container-name: an init container named like a container', async () => {
  const init = (name: string) => `      initContainers:\n      - name: ${name}\n        image: busybox\n`;
  await checkRuleCase(c, {
    code: 'duplicate-container-name',
    bad: rollout(CONTAINER + init('web')),
    good: rollout(CONTAINER + init('init')),
    at: 'web',
    severity: 1,
    message: /^spec\.template\.spec\.initContainers\[0\]\.name: Duplicate value: "web"/,
  });
});

test('service-port-name-required: the unnamed port of a two-port Service', async () => {
  await checkRuleCase(c, {
    code: 'service-port-name-required',
    bad: service('  ports:\n  - name: http\n    port: 80\n  - port: 443 # tls\n'),
    good: service('  ports:\n  - name: http\n    port: 80\n  - name: https\n    port: 443 # tls\n'),
    at: 'port: 443 # tls',
    severity: 1,
    message: /^spec\.ports\[1\]\.name: Required value/,
  });
});

test('invalid-quantity: a lower-case binary suffix, fixed to Mi', async () => {
  const res = (m: string) => `${CONTAINER}        resources:\n          requests:\n            memory: ${m} # per pod\n`;
  await checkRuleCase(c, {
    code: 'invalid-quantity',
    bad: rollout(res('512mi')),
    good: rollout(res('512Mi')),
    at: '512mi',
    severity: 1,
    message: /requests\[memory\]: Invalid value: "512mi": unable to parse quantity's suffix\. Suffixes are case-sensitive: did you mean `512Mi`\?/,
    fix: { title: /^Change to `512Mi`$/, result: rollout(res('512Mi')) },
  });
});

test('request-above-limit: a cpu request above its limit', async () => {
  const res = (r: string) => `${CONTAINER}        resources:\n          requests: {cpu: ${r}}\n          limits: {cpu: 500m}\n`;
  await checkRuleCase(c, {
    code: 'request-above-limit',
    bad: rollout(res('600m')),
    good: rollout(res('250m')),
    at: '600m',
    severity: 1,
    message: /^spec\.template\.spec\.containers\[0\]\.resources\.requests: Invalid value: "600m": must be less than or equal to cpu limit of 500m/,
  });
});

test('memory-millis: memory in millibytes is a warning, fixed to Mi', async () => {
  const res = (m: string) => `${CONTAINER}        resources:\n          limits:\n            memory: "${m}" # half a gig\n`;
  await checkRuleCase(c, {
    code: 'memory-millis',
    bad: rollout(res('512m')),
    good: rollout(res('512Mi')),
    at: '"512m"',
    severity: 2,
    message: /fractional byte value "512m" is invalid, must be an integer\. `512m` memory is 512 thousandths of a byte/,
    fix: { title: /^Change to `512Mi`$/, result: rollout(res('512Mi')) },
  });
});

test('hpa-replicas: maxReplicas below minReplicas', async () => {
  await checkRuleCase(c, {
    code: 'hpa-replicas',
    bad: hpa('  minReplicas: 5 # floor\n  maxReplicas: 2\n'),
    good: hpa('  minReplicas: 2 # floor\n  maxReplicas: 5\n'),
    at: '2',
    severity: 1,
    message: /^spec\.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`$/,
  });
});

test('hpa-metric-target: a Utilization target that sets averageValue; the fix changes the type', async () => {
  const m = (t: string) => `  maxReplicas: 5\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: ${t} # how\n        averageValue: 500m\n`;
  await checkRuleCase(c, {
    code: 'hpa-metric-target',
    bad: hpa(m('Utilization')),
    good: hpa(m('AverageValue')),
    at: 'Utilization',
    severity: 2,
    message: /^spec\.metrics\[0\]\.resource\.target\.type is `Utilization`, which reads `averageUtilization`, but the target sets `averageValue`/,
    fix: { title: /^Change to `type: AverageValue`$/, result: hpa(m('AverageValue')) },
  });
});

test('hpa-behavior: a scale-down policy period above 1800 seconds', async () => {
  const b = (p: number) => `  maxReplicas: 5\n  behavior:\n    scaleDown:\n      policies:\n      - type: Percent\n        value: 50\n        periodSeconds: ${p} # an hour\n`;
  await checkRuleCase(c, {
    code: 'hpa-behavior',
    bad: hpa(b(3600)),
    good: hpa(b(1800)),
    at: '3600',
    severity: 1,
    message: /^spec\.behavior\.scaleDown\.policies\[0\]\.periodSeconds: Invalid value: 3600: must be less than or equal to 1800$/,
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Well-known labels (labels.ts)

test('unknown-topology-key: the seed Rollout, fixed to topology.kubernetes.io/zone', async () => {
  const bad = seed('rollout');
  await checkRuleCase(c, {
    code: 'unknown-topology-key',
    bad,
    good: bad.replace('kubernets.io/zone', 'topology.kubernetes.io/zone'),
    at: 'kubernets.io/zone',
    severity: 2,
    message: /^topologyKey 'kubernets\.io\/zone' is not a well-known node label.*Did you mean 'topology\.kubernetes\.io\/zone'\?$/,
    fix: { title: /^Change to 'topology\.kubernetes\.io\/zone'$/, result: bad.replace('kubernets.io/zone', 'topology.kubernetes.io/zone') },
  });
});

test('deprecated-label: a beta node label in nodeSelector, fixed to its replacement', async () => {
  const sel = (k: string) => rollout(`      nodeSelector:\n        ${k}: linux # os\n${CONTAINER}`);
  await checkRuleCase(c, {
    code: 'deprecated-label',
    bad: sel('beta.kubernetes.io/os'),
    good: sel('kubernetes.io/os'),
    at: 'beta.kubernetes.io/os',
    severity: 2,
    message: /is a deprecated node label .*use 'kubernetes\.io\/os'/,
    fix: { title: /^Change to 'kubernetes\.io\/os'$/, result: sel('kubernetes.io/os') },
  });
});

test('misspelled-label: a label key typo of a recommended label, fixed to it', async () => {
  const meta = (k: string) => `  labels:\n    ${k}: web # recommended\n`;
  await checkRuleCase(c, {
    code: 'misspelled-label',
    bad: service('  ports:\n  - port: 80\n', 'web', meta('app.kubernetes.io/nmae')),
    good: service('  ports:\n  - port: 80\n', 'web', meta('app.kubernetes.io/name')),
    at: 'app.kubernetes.io/nmae',
    severity: 2,
    message: /'app\.kubernetes\.io\/nmae' looks like a misspelling of the recommended label 'app\.kubernetes\.io\/name'/,
    fix: { title: /^Change to 'app\.kubernetes\.io\/name'$/, result: service('  ports:\n  - port: 80\n', 'web', meta('app.kubernetes.io/name')) },
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Removed and deprecated APIs and fields (deprecations.ts)

test('removed-api-version: the seed v2beta1 HPA, moved to v2 with its metric converted', async () => {
  const bad = seed('hpa');
  await checkRuleCase(c, {
    code: 'removed-api-version',
    bad,
    good: hpa('  maxReplicas: 36\n  minReplicas: 6\n'),
    at: 'autoscaling/v2beta1',
    severity: 1,
    message: /^autoscaling\/v2beta1 HorizontalPodAutoscaler was removed in Kubernetes 1\.25/,
    fix: {
      title: /^Change to autoscaling\/v2 and convert the metrics$/,
      result: bad
        .replace('autoscaling/v2beta1', 'autoscaling/v2')
        .replace('      targetAverageUtilization: 60\n', '      target:\n        type: Utilization\n        averageUtilization: 60\n'),
    },
  });
});

test('removed-field: the seed Service topologyKeys, removed with its list lines; the title names the replacement', async () => {
  const bad = seed('service');
  const good = bad.slice(0, bad.indexOf('  topologyKeys:'));
  await checkRuleCase(c, {
    code: 'removed-field',
    bad,
    good,
    at: 'topologyKeys',
    severity: 1,
    message: /^`spec\.topologyKeys` was removed from Service in Kubernetes 1\.22 .*`spec\.trafficDistribution: PreferClose`/,
    fix: { title: /^Remove `topologyKeys` \(route by topology with `trafficDistribution: PreferClose`/, result: good },
  });
});

test('deprecated-field: a Rollout template serviceAccount, renamed to serviceAccountName', async () => {
  const sa = (k: string) => rollout(`      ${k}: deployer # who\n${CONTAINER}`);
  await checkRuleCase(c, {
    code: 'deprecated-field',
    bad: sa('serviceAccount'),
    good: sa('serviceAccountName'),
    at: 'serviceAccount',
    severity: 2,
    message: /^`spec\.template\.spec\.serviceAccount` is a deprecated alias of `serviceAccountName`/,
    fix: { title: /^Rename `serviceAccount` to `serviceAccountName`$/, result: sa('serviceAccountName') },
  });
});

test('deprecated-api-version at 1.24: autoscaling/v2beta2, moved to autoscaling/v2 by the apiVersion alone', async () => {
  await targetVersion('1.24');
  const body = '  maxReplicas: 5 # ceiling\n  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}\n';
  try {
    await checkRuleCase(c, {
      code: 'deprecated-api-version',
      bad: hpa(body, 'autoscaling/v2beta2'),
      good: hpa(body),
      at: 'autoscaling/v2beta2',
      severity: 2,
      message: /^autoscaling\/v2beta2 HorizontalPodAutoscaler is deprecated since Kubernetes 1\.23 and removed in 1\.26 \(target: 1\.24\)/,
      fix: { title: /^Change to autoscaling\/v2$/, result: hpa(body) },
    });
  } finally {
    await targetVersion('1.36');
  }
});

test('unavailable-api-version at 1.22: autoscaling/v2 is not served yet, moved to v2beta2', async () => {
  await targetVersion('1.22');
  const body = '  maxReplicas: 5 # ceiling\n';
  try {
    await checkRuleCase(c, {
      code: 'unavailable-api-version',
      bad: hpa(body),
      good: hpa(body, 'autoscaling/v2beta2'),
      at: 'autoscaling/v2',
      severity: 1,
      message: /^autoscaling\/v2 HorizontalPodAutoscaler is served from Kubernetes 1\.23 on \(target: 1\.22\); use autoscaling\/v2beta2 there\.$/,
      fix: { title: /^Change to autoscaling\/v2beta2$/, result: hpa(body, 'autoscaling/v2beta2') },
    });
  } finally {
    await targetVersion('1.36');
  }
});
