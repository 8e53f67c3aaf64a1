// Custom requests between the extension and the language server, typed once with zod and imported by both sides.
// Only plain data here (no LSP runtime import), so the extension, the server and tests can share it.
import { z } from 'zod';

/** `rolloutPilot/serverStatus` (no params): what the server is running with, for the status bar and bug reports. */
export const SERVER_STATUS_METHOD = 'rolloutPilot/serverStatus';

export const ServerStatusSchema = z.object({
  /** The server's package version. */
  version: z.string(),
  /** Settings in effect (after defaults replaced invalid values). */
  kubernetesVersion: z.string(),
  schemaDiagnostics: z.boolean(),
  maxFileSizeKb: z.number(),
  /** Open documents the server checks (YAML documents; other languages are ignored). */
  documents: z.number().int().nonnegative(),
  /**
   * V8's code cache of the server (dist/server.js `--code-cache=DIR`): `off` without a folder, `none` before the first
   * check writes it (`written`), `used` when this start read it, `rejected` when V8 refused it, `failed` to write.
   */
  codeCache: z.enum(['off', 'none', 'used', 'rejected', 'written', 'failed']).optional(),
});

export type ServerStatus = z.infer<typeof ServerStatusSchema>;

/**
 * `rolloutPilot/resources` ({uri}): the Kubernetes objects of an open YAML file — kind, apiVersion, name, namespace,
 * where the document and its `metadata.name` are, the document as data (Rollouts, HPAs, Services), and the ranges of the fields the editor
 * annotates (`spec.replicas`, canary `steps`, container images). Read from the server's parse of the file; `[]` for a
 * file the server does not have open.
 */
export const RESOURCES_METHOD = 'rolloutPilot/resources';

export const ResourcesParamsSchema = z.object({ uri: z.string() });
export type ResourcesParams = z.infer<typeof ResourcesParamsSchema>;

const PositionSchema = z.object({ line: z.number().int().nonnegative(), character: z.number().int().nonnegative() });
const RangeSchema = z.object({ start: PositionSchema, end: PositionSchema });

export const ManifestResourceSchema = z.object({
  index: z.number().int().nonnegative(),
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  range: RangeSchema,
  nameRange: RangeSchema,
  object: z.record(z.string(), z.unknown()).optional(),
  broken: z.boolean(),
  fields: z.array(z.object({ path: z.string(), range: RangeSchema, value: z.string().optional(), container: z.string().optional() })),
});
export const ResourcesSchema = z.array(ManifestResourceSchema);
export type ManifestResourceData = z.infer<typeof ManifestResourceSchema>;

/**
 * `rolloutPilot/inlayHintsChanged` (notification, no params): the extension's `rolloutPilot.inlayHints.enabled` changed;
 * the server asks the editor to request the inlay hints again (workspace/inlayHint/refresh).
 */
export const INLAY_HINTS_CHANGED_METHOD = 'rolloutPilot/inlayHintsChanged';
