// Placeholder until the cluster commands land (issue 3).
export const COMMANDS: string[] = [];
export async function runClusterCommand(_command: string, _args: string[]): Promise<number> {
  return 2;
}
