// The router-dependent canary checks (argo-routing.ts): the services a router needs, ping-pong, features only some
// routers have, header and mirror route steps, experiment weights and analysis arguments. Each rule: the bad canary
// gets the finding on the field, in the controller's words; the good one next to it gets none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lint, only } from '../support/lint';
import { resolvesOnMetadata } from '../../server/src/core/rules/argo-routing';

const argo = (text: string) => lint(text).filter((f) => f.code.startsWith('argo-'));
const line = (text: string, f: { range: { start: { line: number } } }) => text.split('\n')[f.range.start.line]!;

/** A valid Rollout with `canary` (the lines under `canary:`, six-space indented) swapped in. */
function canary(body: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
spec:
  selector:
    matchLabels:
      app: demo
  template:
    metadata:
      labels:
        app: demo
    spec:
      containers:
      - name: demo
        image: registry.example/demo:1
  strategy:
    canary:
${body}`;
}

const SERVICES = '      canaryService: demo-canary\n      stableService: demo-stable\n';
const ISTIO = '      trafficRouting:\n        istio:\n          virtualService:\n            name: demo\n';

test('argo-service-required: a router that moves traffic between Services needs both', () => {
  const text = canary('      canaryService: demo-canary\n      trafficRouting:\n        nginx:\n          stableIngress: demo\n');
  const f = only(argo(text), 'argo-service-required');
  assert.match(f.message, /Canary service and Stable service must to be set to use Traffic Routing \(stableService is not set\)/);
  assert.equal(line(text, f), '      trafficRouting:');
  assert.deepEqual(argo(canary(SERVICES + '      trafficRouting:\n        nginx:\n          stableIngress: demo\n')), []);
  // Istio with a destinationRule (subset split) and plugins-only routing do not need them
  assert.deepEqual(argo(canary('      trafficRouting:\n        istio:\n          virtualService: {name: demo}\n          destinationRule: {name: demo, canarySubsetName: c, stableSubsetName: s}\n')), []);
  assert.deepEqual(argo(canary('      trafficRouting:\n        plugins:\n          argoproj-labs/gatewayAPI: {httpRoute: demo}\n')), []);
  // an explicit empty string is the finding on the value
  const empty = canary('      canaryService: ""\n      stableService: demo-stable\n' + ISTIO);
  assert.match(line(empty, only(argo(empty), 'argo-service-required')), /canaryService: ""/);
});

test('argo-service-required: ping-pong needs its services, and ALB a rootService', () => {
  const alb = (root: string) => canary(`      pingPong:\n        pingService: ping\n        pongService: pong\n      trafficRouting:\n        alb:\n          ingress: demo\n${root}          servicePort: 80\n`);
  const text = alb('');
  const f = only(argo(text), 'argo-service-required');
  assert.match(f.message, /Root service field is required for the configuration with ALB and ping-pong feature enabled/);
  assert.equal(line(text, f), '        alb:');
  assert.deepEqual(argo(alb('          rootService: demo-root\n')), []);
  const empty = canary('      pingPong:\n        pingService: ""\n        pongService: pong\n' + ISTIO);
  assert.match(only(argo(empty), 'argo-service-required').message, /Ping service and Pong service must to be set to use Ping-Pong feature/);
});

test('argo-same-service: ping = pong', () => {
  const text = canary('      pingPong:\n        pingService: ping\n        pongService: ping\n' + ISTIO);
  const f = only(argo(text), 'argo-same-service');
  assert.match(f.message, /same service for the ping and pong services/);
  assert.match(line(text, f), /pongService: ping/);
});

test('argo-router-support: ping-pong, maxTrafficWeight, header and mirror routes, experiment weights on the wrong router', () => {
  const smi = '      trafficRouting:\n        smi: {}\n';
  const pp = canary(SERVICES + '      pingPong:\n        pingService: ping\n        pongService: pong\n' + smi);
  const f = only(argo(pp), 'argo-router-support');
  assert.match(f.message, /Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only/);
  assert.equal(line(pp, f), '      pingPong:');

  const mtw = canary(SERVICES + '      trafficRouting:\n        maxTrafficWeight: 1000\n        smi: {}\n');
  assert.match(only(argo(mtw), 'argo-router-support').message, /maxTrafficWeight in traffic routing only supported in Nginx and Plugins/);
  assert.deepEqual(argo(canary(SERVICES + '      trafficRouting:\n        maxTrafficWeight: 1000\n        nginx: {stableIngress: demo}\n')), []);

  const header = canary(SERVICES + '      trafficRouting:\n        managedRoutes:\n        - name: h\n        smi: {}\n      steps:\n      - setHeaderRoute:\n          name: h\n          match:\n          - headerName: x\n            headerValue: {exact: y}\n');
  const h = only(argo(header), 'argo-router-support');
  assert.match(h.message, /SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix/);
  assert.equal(line(header, h), '      - setHeaderRoute:');
  assert.match(only(argo(canary('      steps:\n      - setMirrorRoute:\n          name: m\n')), 'argo-router-support').message, /SetMirrorRoute requires TrafficRouting, supports Istio and Plugins/);

  const weight = canary(SERVICES + '      trafficRouting:\n        nginx: {stableIngress: demo}\n      steps:\n      - experiment:\n          templates:\n          - name: c\n            specRef: canary\n            weight: 20\n');
  const w = only(argo(weight), 'argo-router-support');
  assert.match(w.message, /Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins/);
  assert.match(line(weight, w), /weight: 20/);
  assert.deepEqual(argo(weight.replace('nginx: {stableIngress: demo}', 'smi: {}')), []);
});

test('argo-traffic-routing-required: an experiment template weight without trafficRouting', () => {
  const text = canary('      steps:\n      - experiment:\n          templates:\n          - name: c\n            specRef: canary\n            weight: 20\n');
  const f = only(argo(text), 'argo-traffic-routing-required');
  assert.match(f.message, /Experiment template weight cannot be set unless TrafficRouting is enabled/);
  assert.match(line(text, f), /weight: 20/);
  assert.deepEqual(argo(text.replace('            weight: 20\n', '')), []);
});

test('argo-dynamic-stable-scale: with scaleDownDelaySeconds under traffic routing', () => {
  const text = canary(SERVICES + '      dynamicStableScale: true\n      scaleDownDelaySeconds: 30\n' + ISTIO);
  const f = only(argo(text), 'argo-dynamic-stable-scale');
  assert.match(f.message, /Canary dynamicStableScale cannot be used with scaleDownDelaySeconds/);
  assert.match(line(text, f), /dynamicStableScale: true/);
  assert.deepEqual(argo(canary(SERVICES + '      dynamicStableScale: true\n' + ISTIO)), []);
});

test('argo-route-match: exactly one of exact/regex/prefix; ALB takes exact only', () => {
  const routed = (router: string, value: string) =>
    canary(SERVICES + `      trafficRouting:\n        managedRoutes:\n        - name: h\n${router}      steps:\n      - setHeaderRoute:\n          name: h\n          match:\n          - headerName: x\n            headerValue: ${value}\n`);
  const two = routed(ISTIO.replace('      trafficRouting:\n', ''), '{exact: a, prefix: b}');
  const f = only(argo(two), 'argo-route-match');
  assert.match(f.message, /StringMatch match value must have exactly one of the following: exact, regex, prefix/);
  assert.match(line(two, f), /headerValue: \{exact: a, prefix: b\}/);
  assert.match(only(argo(routed(ISTIO.replace('      trafficRouting:\n', ''), '{}')), 'argo-route-match').message, /StringMatch value missed/);
  assert.deepEqual(argo(routed(ISTIO.replace('      trafficRouting:\n', ''), '{regex: a.*}')), []);
  const alb = '        alb:\n          ingress: demo\n          servicePort: 80\n';
  assert.match(only(argo(routed(alb, '{prefix: a}')), 'argo-route-match').message, /ALB supports 'exact' value only/);
  assert.deepEqual(argo(routed(alb, '{exact: a}')), []);
  const mirror = canary(SERVICES + ISTIO + '        managedRoutes:\n        - name: m\n      steps:\n      - setMirrorRoute:\n          name: m\n          match:\n          - method: {exact: GET, regex: P.*}\n');
  assert.match(line(mirror, only(argo(mirror), 'argo-route-match')), /method: \{exact: GET, regex: P\.\*\}/);
});

test('argo-managed-routes: missing managedRoutes (added by the fix), a route name not listed (a typo fixed)', () => {
  const steps = '      steps:\n      - setHeaderRoute:\n          name: header-route\n          match:\n          - headerName: x\n            headerValue: {exact: y}\n      - setMirrorRoute:\n          name: mirror-route\n          percentage: 10\n';
  const text = canary(SERVICES + ISTIO + steps);
  const fs = argo(text).filter((f) => f.code === 'argo-managed-routes');
  assert.equal(fs.length, 2);
  assert.match(fs[0]!.message, /Rollout has missing field 'spec\.strategy\.canary\.trafficRouting\.managedRoutes'/);
  assert.equal(line(text, fs[0]!), '      - setHeaderRoute:');
  const fixed = applyFix(text, fs[0]!);
  assert.match(fixed, /trafficRouting:\n {8}managedRoutes:\n {8}- name: header-route\n {8}- name: mirror-route\n {8}istio:/);
  assert.deepEqual(argo(fixed), []);

  const typo = fixed.replace('          name: header-route', '          name: header-rout');
  const f = only(argo(typo), 'argo-managed-routes');
  assert.match(f.message, /Steps define a route that does not exist in spec\.strategy\.canary\.trafficRouting\.managedRoutes/);
  assert.match(line(typo, f), /name: header-rout$/);
  assert.equal(applyFix(typo, f), fixed);
});

test('argo-analysis-args: a metadata fieldPath the downward API cannot read from the Rollout', () => {
  const arg = (path: string) => canary(`      steps:\n      - analysis:\n          templates:\n          - templateName: success-rate\n          args:\n          - name: who\n            valueFrom:\n              fieldRef:\n                fieldPath: ${path}\n`);
  const text = arg('metadata.nme');
  const f = only(argo(text), 'argo-analysis-args');
  assert.match(f.message, /Analyses arguments must refer to valid object metadata supported by downwardAPI/);
  assert.match(line(text, f), /fieldPath: metadata\.nme/);
  assert.deepEqual(argo(applyFix(text, f)), []);
  assert.deepEqual(argo(arg("metadata.labels['app']")), []);
  assert.deepEqual(argo(arg('status.podIP')), [], 'only metadata paths are checked');
  only(argo(arg("metadata.labels['-bad']")), 'argo-analysis-args');
  // experiment analyses too
  const exp = canary('      steps:\n      - experiment:\n          templates:\n          - name: c\n            specRef: canary\n          analyses:\n          - name: a\n            templateName: t\n            args:\n            - name: n\n              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.generation\n');
  only(argo(exp), 'argo-analysis-args');
});

test('resolvesOnMetadata: fieldpath.ExtractFieldPathAsString on a Rollout', () => {
  for (const ok of ['metadata.name', 'metadata.namespace', 'metadata.uid', 'metadata.labels', 'metadata.annotations', "metadata.labels['app']", "metadata.annotations['Example.COM/Key']"]) {
    assert.equal(resolvesOnMetadata(ok), true, ok);
  }
  for (const bad of ['metadata', 'metadata.generation', "metadata.name['x']", "metadata.labels['a/b/c']", "metadata.labels['']", "metadata.labels['Example.COM/key']"]) {
    assert.equal(resolvesOnMetadata(bad), false, bad);
  }
});
