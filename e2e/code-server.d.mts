// Types for code-server.mjs (plain JS so that scripts/start.mjs needs no TypeScript loader).
export const E2E_DIR: string;
export const CODE_SERVER: string;
export const USER_SETTINGS: Record<string, unknown>;
export interface CodeServer {
  /** the workbench opened on the folder */
  url: string;
  base: string;
  log(): string;
  stop(): void;
}
export function startCodeServer(opts: {
  /** installed first when given */
  vsix?: string;
  folder: string;
  home: string;
  /** default: a free port */
  port?: number;
  settings?: Record<string, unknown>;
  /** 'pipe' keeps the log for log(); 'inherit' shows code-server's stderr */
  stdio?: 'pipe' | 'inherit';
  /** default: CODE_SERVER */
  executable?: string;
  /** more code-server flags, before the folder */
  extraArgs?: string[];
  /** more environment for code-server (its extension host inherits it) */
  env?: Record<string, string>;
}): Promise<CodeServer>;
