// The canary checks that depend on the traffic router (argo-rollouts pkg/apis/rollouts/validation/validation.go,
// `ValidateRolloutStrategyCanary`, `requireCanaryStableServices`, `hasMultipleMatchValues`, `hasALBInvalidValues`,
// `ValidateStepRouteFoundInManagedRoute`): the services a router needs, ping-pong, the features only some routers
// have, header and mirror route steps, experiment weights and analysis arguments read from the Rollout's metadata.
// A router "is set" when its key holds a mapping, as the controller's nil checks see it. In a fragment (`partial`, a
// kustomize patch) the router, the services and the managed routes may all be the target's: what depends on them
// is not judged there, what a step or a match writes is.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { mapAt, pairOf, rangeOfKey, type ManifestDoc } from '../documents';
import { editDistance } from '../edit-distance';
import type { Finding, Fix } from '../types';
import { finding, goString, hasMap, isSet, keyFinding, replaceFix } from './argo-findings';
import { isQualifiedName } from './argo-spec';

interface Router {
  tr: YAMLMap;
  has: (router: string) => boolean;
  plugins: boolean;
}

function routerOf(canary: YAMLMap): Router | undefined {
  const tr = mapAt(canary, 'trafficRouting');
  if (!tr) return undefined;
  const plugins = pairOf(tr, 'plugins')?.value;
  return { tr, has: (r) => hasMap(tr, r), plugins: isMap(plugins) && plugins.items.length > 0 };
}

const SERVICES_MESSAGE = 'Canary service and Stable service must to be set to use Traffic Routing';
const PING_PONG_MESSAGE = 'Ping service and Pong service must to be set to use Ping-Pong feature';

/** `requireCanaryStableServices`: the routers that shift traffic between the canary and stable Services. */
function needsCanaryStable(canary: YAMLMap, r: Router): boolean {
  const pingPong = hasMap(canary, 'pingPong');
  return (
    (r.has('alb') && !pingPong) ||
    (r.has('istio') && !hasMap(mapAt(r.tr, 'istio'), 'destinationRule') && !pingPong) ||
    ['smi', 'apisix', 'ambassador', 'nginx', 'appMesh', 'traefik'].some((k) => r.has(k))
  );
}

function servicesFindings(md: ManifestDoc, canary: YAMLMap, r: Router | undefined, out: Finding[], partial: boolean): void {
  const pingPong = mapAt(canary, 'pingPong');
  if (pingPong) {
    if (r && !partial && !r.has('alb') && !r.has('istio') && !r.plugins) {
      out.push(keyFinding(md, canary, 'pingPong', 'argo-router-support', 'Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only'));
    }
    // absent services are the schema rule's (both are required there); an empty string passes the schema
    const ping = goString(pingPong, 'pingService');
    const pong = goString(pingPong, 'pongService');
    for (const key of ['pingService', 'pongService']) {
      const v = pairOf(pingPong, key)?.value;
      if (isScalar(v) && (v.value === '' || v.value === null)) out.push(finding(md, v, 'argo-service-required', PING_PONG_MESSAGE));
    }
    if (ping && pong && ping === pong) {
      out.push(finding(md, pairOf(pingPong, 'pongService')?.value, 'argo-same-service', 'This rollout uses the same service for the ping and pong services, but two different services are required.'));
    }
    const alb = r ? mapAt(r.tr, 'alb') : undefined;
    if (alb && goString(alb, 'rootService') === '' && (!partial || pairOf(alb, 'rootService'))) {
      out.push(keyFinding(md, pairOf(alb, 'rootService') ? alb : r!.tr, pairOf(alb, 'rootService') ? 'rootService' : 'alb', 'argo-service-required', 'Root service field is required for the configuration with ALB and ping-pong feature enabled'));
    }
  }
  if (r && !partial && needsCanaryStable(canary, r)) {
    for (const key of ['stableService', 'canaryService']) {
      if (goString(canary, key) !== '') continue;
      out.push(pairOf(canary, key) ? finding(md, pairOf(canary, key)?.value, 'argo-service-required', SERVICES_MESSAGE) : keyFinding(md, canary, 'trafficRouting', 'argo-service-required', `${SERVICES_MESSAGE} (${key} is not set)`));
    }
  }
}

function routerFeatureFindings(md: ManifestDoc, canary: YAMLMap, r: Router | undefined, out: Finding[], partial: boolean): void {
  if (!r) return;
  const dss = pairOf(canary, 'dynamicStableScale')?.value;
  if (isSet(canary, 'scaleDownDelaySeconds') && isScalar(dss) && dss.value === true) {
    out.push(keyFinding(md, canary, 'dynamicStableScale', 'argo-dynamic-stable-scale', 'Canary dynamicStableScale cannot be used with scaleDownDelaySeconds'));
  }
  if (!partial && isSet(r.tr, 'maxTrafficWeight') && !r.has('nginx') && !r.plugins) {
    out.push(keyFinding(md, r.tr, 'maxTrafficWeight', 'argo-router-support', 'Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins'));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Header and mirror route steps

const MULTIPLE = 'StringMatch match value must have exactly one of the following: exact, regex, prefix';
const MISSED = 'StringMatch value missed, match value must have one of the following: exact, regex, prefix';

/** `hasMultipleMatchValues` (or, for ALB, `hasALBInvalidValues`) on one StringMatch; `at` when it is absent. */
function stringMatch(md: ManifestDoc, node: unknown, at: () => Finding['range'], alb: boolean, out: Finding[]): void {
  const present = (k: string) => isMap(node) && goString(node, k) !== '' && goString(node, k) !== undefined;
  if (!isMap(node)) {
    if (node !== undefined && node !== null && !(isScalar(node) && node.value === null)) return; // the schema rule's
    out.push({ ...finding(md, undefined, 'argo-route-match', MISSED), range: at() });
    return;
  }
  if (alb) {
    if (!present('exact') || present('regex') || present('prefix')) {
      out.push(finding(md, node, 'argo-route-match', "SetHeaderRoute match value invalid. ALB supports 'exact' value only"));
    }
    return;
  }
  const n = ['exact', 'regex', 'prefix'].filter(present).length;
  if (n > 1) out.push(finding(md, node, 'argo-route-match', MULTIPLE));
  else if (n === 0) out.push(finding(md, node, 'argo-route-match', MISSED));
}

function matchItems(route: YAMLMap): YAMLMap[] {
  const m = pairOf(route, 'match')?.value;
  return isSeq(m) ? m.items.filter((i): i is YAMLMap => isMap(i)) : [];
}

/** The managed route a step's name is a typo of, when exactly one is that close. */
function nearRoute(name: string, routes: string[]): string | undefined {
  const limit = name.length >= 6 ? 2 : 1;
  const near = routes.filter((r) => r !== name && editDistance(name, r, limit) <= limit);
  return near.length === 1 ? near[0] : undefined;
}

/** Adds `managedRoutes` listing the steps' routes as the first key of a block-style trafficRouting mapping. */
function addManagedRoutesFix(md: ManifestDoc, tr: YAMLMap, names: string[]): Fix[] | undefined {
  const first = tr.items[0]?.key as Node | undefined;
  if (!first?.range || tr.flow || names.some((n) => !/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(n))) return undefined;
  const start = first.range[0];
  const lineStart = md.text.lastIndexOf('\n', start - 1) + 1;
  const indent = md.text.slice(lineStart, start);
  if (indent.trim() !== '') return undefined;
  const text = `${indent}managedRoutes:\n${names.map((n) => `${indent}- name: ${n}\n`).join('')}`;
  const pos = rangeOfKey(md, tr.items[0]!).start;
  return [{ title: `Add trafficRouting.managedRoutes (${names.join(', ')})`, preferred: true, edits: [{ range: { start: { line: pos.line, character: 0 }, end: { line: pos.line, character: 0 } }, newText: text }] }];
}

function routeStepFindings(md: ManifestDoc, steps: YAMLMap[], r: Router | undefined, out: Finding[], partial: boolean): void {
  const routeSteps = steps.filter((s) => isSet(s, 'setHeaderRoute') || isSet(s, 'setMirrorRoute'));
  if (routeSteps.length === 0) return;
  const managedNode = r ? pairOf(r.tr, 'managedRoutes')?.value : undefined;
  const managedSet = managedNode !== undefined && managedNode !== null && !(isScalar(managedNode) && managedNode.value === null);
  const managed = isSeq(managedNode) ? managedNode.items.map((m) => (isMap(m) ? goString(m, 'name') : undefined)) : [];
  const stepNames = [...new Set(routeSteps.flatMap((s) => ['setHeaderRoute', 'setMirrorRoute'].map((k) => goString(mapAt(s, k), 'name')).filter((n): n is string => !!n)))];
  for (const step of routeSteps) {
    for (const kind of ['setHeaderRoute', 'setMirrorRoute'] as const) {
      const route = mapAt(step, kind);
      if (!route) continue; // absent, null, or another type (the schema rule's)
      const header = kind === 'setHeaderRoute';
      const supported = r && (header ? r.has('istio') || r.has('alb') || r.has('apisix') || r.plugins : r.has('istio') || r.plugins);
      if (partial) {
        // the router is the target's: only the matches as written
        for (const m of matchItems(route)) matchFindings(md, m, header, !!r?.has('alb'), out);
        continue;
      }
      if (!supported) {
        out.push(keyFinding(md, step, kind, 'argo-router-support', header ? 'SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix' : 'SetMirrorRoute requires TrafficRouting, supports Istio and Plugins'));
      }
      if (supported || !header) for (const m of matchItems(route)) matchFindings(md, m, header, !!r?.has('alb'), out);
      if (!r) continue;
      if (!managedSet) {
        const f = keyFinding(md, step, kind, 'argo-managed-routes', "Rollout has missing field 'spec.strategy.canary.trafficRouting.managedRoutes'");
        const fixes = stepNames.length > 0 ? addManagedRoutesFix(md, r.tr, stepNames) : undefined;
        out.push(fixes ? { ...f, fixes } : f);
        continue;
      }
      const name = goString(route, 'name');
      if (name === undefined || managed.includes(name)) continue;
      const message = 'Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes';
      const nameNode = pairOf(route, 'name')?.value;
      const suggestion = nearRoute(name, managed.filter((m): m is string => m !== undefined));
      const fixes = suggestion ? replaceFix(md, nameNode, suggestion, `Change the route name to '${suggestion}'`) : undefined;
      out.push(nameNode ? finding(md, nameNode, 'argo-managed-routes', message, fixes) : keyFinding(md, step, kind, 'argo-managed-routes', message));
    }
  }
}

/** One match of a header route (its headerValue) or a mirror route (its method and path). */
function matchFindings(md: ManifestDoc, m: YAMLMap, header: boolean, alb: boolean, out: Finding[]): void {
  const at = () => rangeOfKey(md, pairOf(m, header ? 'headerName' : 'method') ?? m.items[0]!);
  if (header) {
    if (m.items.length > 0) stringMatch(md, pairOf(m, 'headerValue')?.value, at, alb, out);
  } else {
    for (const k of ['method', 'path']) if (isSet(m, k)) stringMatch(md, pairOf(m, k)?.value, at, false, out);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Experiment weights and analysis arguments

const DOWNWARD = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

/** Kubernetes `fieldpath.ExtractFieldPathAsString` on the Rollout: does this `metadata…` path resolve? */
export function resolvesOnMetadata(path: string): boolean {
  if (path.endsWith("']")) {
    const parts = path.slice(0, -2).split("['");
    if (parts.length >= 2 && parts[0]!.length > 0) {
      const head = parts[0]!;
      const sub = parts.slice(1).join("['");
      if (head === 'metadata.annotations') return isQualifiedName(sub.toLowerCase());
      if (head === 'metadata.labels') return isQualifiedName(sub);
      return false;
    }
  }
  return DOWNWARD.includes(path);
}

function argsFindings(md: ManifestDoc, args: unknown, out: Finding[]): void {
  if (!isSeq(args)) return;
  for (const arg of args.items) {
    if (!isMap(arg)) continue;
    const node = pairOf(mapAt(arg, 'valueFrom', 'fieldRef'), 'fieldPath')?.value;
    const path = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
    if (path === undefined || !path.startsWith('metadata') || resolvesOnMetadata(path)) continue;
    const near = DOWNWARD.filter((d) => editDistance(path, d, 2) <= 2);
    const fixes = near.length === 1 ? replaceFix(md, node, near[0]!, `Change to '${near[0]}'`) : undefined;
    out.push(finding(md, node as Node, 'argo-analysis-args', `Analyses arguments must refer to valid object metadata supported by downwardAPI (metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'], metadata.annotations['key']; '${path}' is not one)`, fixes));
  }
}

function experimentAndAnalysisFindings(md: ManifestDoc, step: YAMLMap, r: Router | undefined, out: Finding[], partial: boolean): void {
  const experiment = mapAt(step, 'experiment');
  if (experiment) {
    const templates = pairOf(experiment, 'templates')?.value;
    for (const t of isSeq(templates) && !partial ? templates.items : []) {
      if (!isMap(t) || !isSet(t, 'weight')) continue;
      if (!r) {
        out.push(keyFinding(md, t, 'weight', 'argo-traffic-routing-required', 'Experiment template weight cannot be set unless TrafficRouting is enabled'));
      } else if (!r.has('alb') && !r.has('smi') && !r.has('istio') && !r.plugins) {
        out.push(keyFinding(md, t, 'weight', 'argo-router-support', 'Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins at this time'));
      }
    }
    const analyses = pairOf(experiment, 'analyses')?.value;
    for (const a of isSeq(analyses) ? analyses.items : []) if (isMap(a)) argsFindings(md, pairOf(a, 'args')?.value, out);
  }
  const analysis = mapAt(step, 'analysis');
  if (analysis) argsFindings(md, pairOf(analysis, 'args')?.value, out);
}

export function routingFindings(md: ManifestDoc, canary: YAMLMap, out: Finding[], partial = false): void {
  const r = routerOf(canary);
  servicesFindings(md, canary, r, out, partial);
  routerFeatureFindings(md, canary, r, out, partial);
  const stepsNode = pairOf(canary, 'steps')?.value;
  const steps = isSeq(stepsNode) ? stepsNode.items.filter((s): s is YAMLMap => isMap(s)) : [];
  routeStepFindings(md, steps, r, out, partial);
  for (const step of steps) experimentAndAnalysisFindings(md, step, r, out, partial);
}
