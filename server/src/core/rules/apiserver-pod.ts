// A pod template's containers as kubernetes `pkg/apis/core/validation/validation.go` checks them (`validateContainers`,
// `validateInitContainers`, `validateContainerPorts`, `ValidateResourceRequirements`, probe ports), and the API
// server's warnings about them (`pkg/api/pod/warnings.go`: duplicate port definitions, fractional byte values). For a
// Rollout these run in the Argo Rollouts controller (`ValidatePodTemplateSpecForReplicaSet`), not at admission: the
// Rollout CRD leaves `resources` unchecked, so `kubectl apply` accepts all of it.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { mapAt, pairOf } from '../documents';
import { requote } from '../schema/validate';
import { isDNS1123Label, isValidPortName, isValidPortNum, nameFix } from './apiserver-names';
import { int, Reporter, seqMaps, str } from './apiserver-report';
import { compareQuantities, isFractional, QUANTITY_FORMAT_ERROR, quantityOf, suffixCaseFix, type Quantity } from './quantity';

export const POD_CODES = {
  invalidName: 'invalid-name',
  invalidPort: 'invalid-port',
  invalidPortName: 'invalid-port-name',
  duplicatePort: 'duplicate-port',
  duplicateContainerName: 'duplicate-container-name',
  invalidQuantity: 'invalid-quantity',
  requestAboveLimit: 'request-above-limit',
  memoryMillis: 'memory-millis',
} as const;

/** Resources counted in bytes, where the `m` (milli) suffix makes a fraction of a byte. */
const BYTE_RESOURCES = new Set(['memory', 'ephemeral-storage']);

/** `pods.VisitContainersWithPath` order: init containers first, then containers. */
const CONTAINER_LISTS = ['initContainers', 'containers'] as const;

export function checkPodSpec(r: Reporter, spec: YAMLMap, path: string): void {
  containerNames(r, spec, path);
  const seenPorts = new Map<string, string>();
  for (const list of CONTAINER_LISTS) {
    for (const { item: c, index } of seqMaps(pairOf(spec, list)?.value)) {
      const cPath = `${path}.${list}[${index}]`;
      containerPorts(r, c, cPath, seenPorts);
      probePorts(r, c, cPath);
      resources(r, mapAt(c, 'resources'), `${cPath}.resources`);
    }
  }
}

/** Container names: DNS-1123 labels, unique across containers and init containers. */
function containerNames(r: Reporter, spec: YAMLMap, path: string): void {
  const names = new Set<string>();
  // validateContainers first, then validateInitContainers seeded with the containers' names
  for (const list of ['containers', 'initContainers'] as const) {
    for (const { item: c, index } of seqMaps(pairOf(spec, list)?.value)) {
      const node = pairOf(c, 'name')?.value;
      const name = str(node);
      if (name === undefined || name === '') continue; // missing: the schema rule says so
      const p = `${path}.${list}[${index}].name`;
      const errs = isDNS1123Label(name);
      if (errs.length > 0) {
        const fix = nameFix(name, isDNS1123Label);
        r.invalid(POD_CODES.invalidName, node, p, name, errs, {
          ...(fix ? { fixes: r.replaceFix(node, requoteNode(node, fix), `Change to \`${fix}\``) } : {}),
        });
      }
      if (names.has(name)) {
        r.duplicate(POD_CODES.duplicateContainerName, node, p, name, {
          hint: 'Container names must be unique across containers and initContainers',
        });
      } else names.add(name);
    }
  }
}

function containerPorts(r: Reporter, c: YAMLMap, cPath: string, seen: Map<string, string>): void {
  const names = new Set<string>();
  for (const { item: port, index } of seqMaps(pairOf(c, 'ports')?.value)) {
    const p = `${cPath}.ports[${index}]`;
    const nameNode = pairOf(port, 'name')?.value;
    const name = str(nameNode);
    if (name) {
      const errs = isValidPortName(name);
      if (errs.length > 0) r.invalid(POD_CODES.invalidPortName, nameNode, `${p}.name`, name, errs, portNameFix(r, nameNode, name));
      else if (names.has(name)) r.duplicate(POD_CODES.duplicatePort, nameNode, `${p}.name`, name);
      else names.add(name);
    }
    const cpNode = pairOf(port, 'containerPort')?.value;
    const cp = int(cpNode);
    if (cp === 0) r.required(POD_CODES.invalidPort, r.rangeOf(cpNode), `${p}.containerPort`, '');
    else if (cp !== undefined && isValidPortNum(cp).length > 0) r.invalid(POD_CODES.invalidPort, cpNode, `${p}.containerPort`, cp, isValidPortNum(cp));
    const hpNode = pairOf(port, 'hostPort')?.value;
    const hp = int(hpNode);
    if (hp !== undefined && hp !== 0 && isValidPortNum(hp).length > 0) r.invalid(POD_CODES.invalidPort, hpNode, `${p}.hostPort`, hp, isValidPortNum(hp));
    // the API server's warning: the same port, protocol, hostIP and hostPort twice in the pod
    if (cp !== undefined) {
      const key = `${cp}/${str(pairOf(port, 'protocol')?.value) ?? 'TCP'}/${str(pairOf(port, 'hostIP')?.value) ?? ''}/${hp ?? 0}`;
      const other = seen.get(key);
      if (other) {
        r.push(POD_CODES.duplicatePort, r.rangeOf(cpNode), `${p}: duplicate port definition with ${other}`, {
          severity: 'warning',
          hint: 'The API server accepts it with a warning, but two containers of a pod cannot listen on the same port: one of them fails to bind',
        });
      } else seen.set(key, p);
    }
  }
}

/** Probe ports: a number 1-65535 or an IANA service name (httpGet, tcpSocket); grpc takes a number. */
function probePorts(r: Reporter, c: YAMLMap, cPath: string): void {
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const pm = mapAt(c, probe);
    if (!pm) continue;
    for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
      const node = pairOf(mapAt(pm, handler), 'port')?.value;
      portNumOrName(r, node, `${cPath}.${probe}.${handler}.port`, handler !== 'grpc');
    }
  }
}

/** `ValidatePortNumOrName`: an integer in range, or a valid port name. */
export function portNumOrName(r: Reporter, node: Node | null | undefined, path: string, namesAllowed: boolean): void {
  if (!isScalar(node)) return;
  const v = node.value;
  const n = int(node);
  if (n !== undefined) {
    const errs = isValidPortNum(n);
    if (errs.length > 0) r.invalid(POD_CODES.invalidPort, node, path, n, errs);
    return;
  }
  if (typeof v !== 'string' || !namesAllowed) return;
  const errs = isValidPortName(v);
  if (errs.length === 0) return;
  if (/^\d+$/.test(v) && node.type !== 'PLAIN') {
    // `"8080"` in quotes is a string, so the API server reads it as a port name, which needs a letter
    r.invalid(POD_CODES.invalidPort, node, path, v, errs, {
      hint: `A quoted number is a port name; remove the quotes to give the port number ${v}`,
      fixes: r.replaceFix(node, v, `Remove the quotes: ${v}`),
    });
    return;
  }
  r.invalid(POD_CODES.invalidPort, node, path, v, errs, portNameFix(r, node, v));
}

function portNameFix(r: Reporter, node: Node | null | undefined, name: string): { fixes?: ReturnType<Reporter['replaceFix']> } {
  const fix = nameFix(name, isValidPortName);
  return fix ? { fixes: r.replaceFix(node, requoteNode(node, fix), `Change to \`${fix}\``) } : {};
}

function requoteNode(node: Node | null | undefined, text: string): string {
  return isScalar(node) ? requote(node, text) : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Resources

interface Read {
  q: Quantity;
  node: Node;
  source: string;
}

function resources(r: Reporter, res: YAMLMap | undefined, path: string): void {
  if (!res) return;
  const limits = readQuantities(r, mapAt(res, 'limits'), `${path}.limits`);
  const requests = readQuantities(r, mapAt(res, 'requests'), `${path}.requests`);
  for (const [name, req] of requests) {
    const lim = limits.get(name);
    if (!lim || compareQuantities(req.q, lim.q) <= 0) continue;
    r.invalid(POD_CODES.requestAboveLimit, req.node, `${path}.requests`, req.source, [`must be less than or equal to ${name} limit of ${lim.source}`], {
      hint: 'A container cannot be guaranteed more than its limit; raise the limit or lower the request',
    });
  }
}

/** The valid quantities of a requests/limits map by resource name; invalid ones are reported. */
function readQuantities(r: Reporter, map: YAMLMap | undefined, path: string): Map<string, Read> {
  const out = new Map<string, Read>();
  if (!map) return out;
  for (const pair of map.items) {
    const name = str(pair.key);
    const node = pair.value as Node | null;
    if (name === undefined || !node) continue;
    const p = `${path}[${name}]`;
    const read = readQuantity(r, node, p);
    if (!read) continue;
    if (read.q.negative) {
      r.invalid(POD_CODES.invalidQuantity, node, p, read.source, ['must be greater than or equal to 0']);
      continue;
    }
    if (BYTE_RESOURCES.has(name)) memoryMillis(r, read, p, name);
    out.set(name, read);
  }
  return out;
}

/**
 * A quantity value; a string that does not parse is reported (with the likely spelling when only the suffix's case is
 * wrong). Other value types: in a Rollout the CRD leaves `resources` unchecked, so the schema rule does not see them.
 */
/** Who refuses a Rollout quantity that does not parse: nobody checks it before the controller reads it. */
const UNDECODABLE =
  'the Rollout CRD does not check resources, so kubectl apply accepts it, but the Argo Rollouts controller cannot decode it';

export function readQuantity(r: Reporter, node: Node, path: string, reportType = true): Read | undefined {
  const who = r.who ? UNDECODABLE : '';
  if (isScalar(node) && node.value === null) return undefined;
  const v = isScalar(node) ? node.value : undefined;
  const result = quantityOf(v);
  const source = typeof v === 'string' ? v.trim() : String(v);
  if (result === undefined) {
    if (reportType && (isMap(node) || isSeq(node) || isScalar(node))) {
      r.invalid(POD_CODES.invalidQuantity, node, path, isScalar(node) ? v : isMap(node) ? '{…}' : '[…]', [QUANTITY_FORMAT_ERROR], { who });
    }
    return undefined;
  }
  if (!result.ok) {
    const meant = typeof v === 'string' ? suffixCaseFix(v) : undefined;
    const bytes = typeof v === 'string' && /^\d+(\.\d+)?[KMGTP]i?B$/i.test(v.trim());
    r.invalid(POD_CODES.invalidQuantity, node, path, v, [result.message], {
      who,
      ...(meant
        ? {
            hint: `Suffixes are case-sensitive: did you mean \`${meant}\`?`,
            fixes: r.replaceFix(node, isScalar(node) ? requote(node, meant) : meant, `Change to \`${meant}\``),
          }
        : bytes
          ? { hint: 'Bytes are implied: write `512Mi` (2^20) or `512M` (10^6), without `B`' }
          : {}),
    });
    return undefined;
  }
  return { q: result.q, node, source };
}

/** `memory: 512m` is 0.512 bytes: accepted (with a warning when fractional), surely meant as `512Mi`. */
export function memoryMillis(r: Reporter, read: Read, path: string, resource: string): void {
  if (read.q.suffix !== 'm') return;
  const meant = read.source.replace(/m$/, 'Mi');
  const fractional = isFractional(read.q)
    ? `${path}: fractional byte value ${JSON.stringify(read.source)} is invalid, must be an integer. `
    : '';
  const node = read.node;
  r.push(
    POD_CODES.memoryMillis,
    r.rangeOf(node),
    `${fractional}\`${read.source}\` ${resource} is ${read.source.slice(0, -1)} thousandths of a byte (\`m\` is milli); did you mean \`${meant}\` (mebibytes)?`,
    {
      severity: 'warning',
      fixes: r.replaceFix(node, isScalar(node) ? requote(node, meant) : meant, `Change to \`${meant}\``),
    },
  );
}
