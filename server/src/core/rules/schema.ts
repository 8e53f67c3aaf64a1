// Structural validation of Rollout, HPA and Service documents against the generated upstream schemas of the target
// Kubernetes version (schema/data.ts picks the definitions file), plus the one check that needs no schema: an
// apiVersion the kind never had. Shape findings (unknown-field, invalid-type, missing-required, invalid-enum) are
// skipped when `schemaDiagnostics` is off; `unknown-api-version` is not a shape finding and always runs.
import { pairOf, rangeOfNode, type ManifestDoc } from '../documents';
import type { Target } from '../targets';
import type { Finding } from '../types';
import { apiVersionsOf, schemaFor, type SchemaNode } from '../schema/data';
import { fieldLifecycle, targetMinor } from '../schema/lifecycle';
import { closest } from '../schema/suggest';
import { validateDocument } from '../schema/validate';
import type { DocumentRule } from './rule';

export const schemaRule: DocumentRule = {
  id: 'schema',
  check(md, target, ctx) {
    const resolved = schemaFor(target.apiVersion, target.kind, targetMinor(ctx.options.kubernetesVersion));
    if (!resolved) return [unknownApiVersion(md, target)];
    if (!ctx.options.schemaDiagnostics) return [];
    return shapeFindings(md, resolved.schema, target.kind, ctx.partial);
  },
};

/**
 * The shape findings of a document against a schema; fields the lifecycle table reports are left to it. `partial`: a
 * fragment (a kustomize patch), whose absent fields are its target's.
 */
export function shapeFindings(md: ManifestDoc, schema: SchemaNode, kind: string, partial = false): Finding[] {
  return validateDocument(md, schema, {
    kind,
    isRetiredField: (path, key) => fieldLifecycle(kind, path, key) !== undefined,
    ...(partial ? { partial } : {}),
  });
}

function unknownApiVersion(md: ManifestDoc, target: Target): Finding {
  const value = pairOf(md.root, 'apiVersion')?.value;
  const range = rangeOfNode(md, value);
  const known = apiVersionsOf(target.kind);
  const suggestion = closest(target.apiVersion, known);
  return {
    range,
    severity: 'error',
    code: 'unknown-api-version',
    message:
      `${target.kind} has no API version \`${target.apiVersion}\`; known: ${known.join(', ')}` +
      (suggestion ? `. Did you mean \`${suggestion}\`?` : '.'),
    ...(suggestion
      ? { fixes: [{ title: `Change to \`${suggestion}\``, edits: [{ range, newText: suggestion }], preferred: true }] }
      : {}),
  };
}
