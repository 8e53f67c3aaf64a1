// Types for generate.mjs (the benchmark's manifest generator, also read by test/unit/compose.test.ts).
export const FIXTURES: string;
export interface Sources {
  readonly [key: string]: unknown;
}
export function loadSources(): Sources;
export function generateManifests(
  options: { docs: number; seed?: number; salt?: string },
  sources?: Sources,
): {
  text: string;
  kinds: Record<string, number>;
  mistakes: Array<{ doc: number; startLine: number; endLine: number }>;
  lines: number;
};
