// Placeholder until the lint command lands (issue 2).
export async function runLint(_args: string[]): Promise<number> {
  process.stderr.write('rollout-pilot lint: not built yet\n');
  return 2;
}
