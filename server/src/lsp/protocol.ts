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
});

export type ServerStatus = z.infer<typeof ServerStatusSchema>;
