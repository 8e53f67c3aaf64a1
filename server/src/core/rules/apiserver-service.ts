// A Service's ports and selector as kubernetes `pkg/apis/core/validation/validation.go` checks them (`ValidateService`,
// `validateServicePort`, `ValidatePortNumOrName`): port ranges, port names (DNS-1123 labels, required when there is
// more than one port, unique), unique port/protocol and nodePort/protocol pairs, and nodePort only off ClusterIP. A
// fragment (`partial`, a kustomize patch) merges its ports into the target's by port number: their names and the
// Service's type may be the target's.
import type { YAMLMap } from 'yaml';
import { pairOf, rangeOfOffsets } from '../documents';
import type { Range } from '../types';
import { isDNS1123Label, isValidPortNum, nameFix } from './apiserver-names';
import { int, Reporter, seqMaps, str } from './apiserver-report';
import { POD_CODES, portNumOrName } from './apiserver-pod';
import { requote } from '../schema/validate';
import { isScalar } from 'yaml';

export const SERVICE_PORT_NAME_REQUIRED = 'service-port-name-required';

export function checkServiceSpec(r: Reporter, spec: YAMLMap, partial = false): void {
  const portsNode = pairOf(spec, 'ports')?.value;
  const ports = seqMaps(portsNode);
  const count = ports.length;
  // a list whose items take fields from a YAML merge key (`<<: *port`) is not judged as a whole: the merged names,
  // ports and protocols are not seen here (as the schema rule does not judge required fields under a merge key)
  const merged = ports.some(({ item }) => pairOf(item, '<<') !== undefined);
  const typeWritten = str(pairOf(spec, 'type')?.value);
  const type = typeWritten ?? 'ClusterIP';
  const names = new Set<string>();
  const pairs = new Map<string, number>();
  const nodePorts = new Map<string, number>();
  for (const { item, index } of ports) {
    const p = `spec.ports[${index}]`;
    const nameNode = pairOf(item, 'name')?.value;
    const name = str(nameNode);
    // a name of another type is the schema rule's invalid-type, not a missing name
    const unnamed = name === '' || !nameNode || (isScalar(nameNode) && nameNode.value === null);
    if (count > 1 && unnamed && !merged && !partial) {
      r.required(SERVICE_PORT_NAME_REQUIRED, firstLine(r, item), `${p}.name`, '', {
        hint: 'A Service with more than one port needs a name on each (they become the EndpointSlice port names)',
      });
    } else if (name) {
      const errs = isDNS1123Label(name);
      if (errs.length > 0) {
        const fix = nameFix(name, isDNS1123Label);
        r.invalid(POD_CODES.invalidPortName, nameNode, `${p}.name`, name, errs, {
          ...(fix && isScalar(nameNode) ? { fixes: r.replaceFix(nameNode, requote(nameNode, fix), `Change to \`${fix}\``) } : {}),
        });
      } else if (names.has(name) && !merged) r.duplicate(POD_CODES.duplicatePort, nameNode, `${p}.name`, name);
      else names.add(name);
    }
    const protocol = str(pairOf(item, 'protocol')?.value) ?? 'TCP';
    const portNode = pairOf(item, 'port')?.value;
    const port = int(portNode);
    if (port !== undefined) {
      const errs = isValidPortNum(port);
      if (errs.length > 0) r.invalid(POD_CODES.invalidPort, portNode, `${p}.port`, port, errs);
      const key = `${port}/${protocol}`;
      const first = pairs.get(key);
      if (first !== undefined && !merged) {
        r.push(POD_CODES.duplicatePort, r.rangeOf(portNode), `${p}: Duplicate value: port ${port}/${protocol} is already spec.ports[${first}]`);
      } else pairs.set(key, index);
    }
    // a targetPort of 0 or "" defaults to the port
    const target = pairOf(item, 'targetPort')?.value;
    if (!(isScalar(target) && (target.value === 0 || target.value === ''))) portNumOrName(r, target, `${p}.targetPort`, true);
    const nodePortNode = pairOf(item, 'nodePort')?.value;
    const nodePort = int(nodePortNode);
    if (nodePort !== undefined && nodePort !== 0) {
      // a patch without `type` has its target's
      if (type === 'ClusterIP' && !(partial && typeWritten === undefined)) {
        r.forbidden(POD_CODES.invalidPort, nodePortNode, `${p}.nodePort`, "may not be used when `type` is 'ClusterIP'", {
          hint: 'Use `type: NodePort` or `LoadBalancer`, or remove the nodePort',
        });
      } else if (isValidPortNum(nodePort).length > 0) {
        r.invalid(POD_CODES.invalidPort, nodePortNode, `${p}.nodePort`, nodePort, isValidPortNum(nodePort), {
          hint: 'Node ports are allocated from the cluster’s range, 30000-32767 by default',
        });
      } else {
        const key = `${nodePort}/${protocol}`;
        const first = nodePorts.get(key);
        if (first !== undefined) r.duplicate(POD_CODES.duplicatePort, nodePortNode, `${p}`, nodePort, { hint: `spec.ports[${first}] has the same nodePort` });
        else nodePorts.set(key, index);
      }
    }
  }
}

/** The first line of a list item's mapping (where something missing from it is reported). */
function firstLine(r: Reporter, item: YAMLMap): Range {
  if (!item.range) return r.rangeOf(item);
  const text = r.md.text;
  const start = item.range[0];
  let end = text.indexOf('\n', start);
  if (end === -1 || end > item.range[1]) end = item.range[1];
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return rangeOfOffsets(r.md, start, end);
}
