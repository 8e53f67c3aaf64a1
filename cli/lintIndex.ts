// The workspace index of a `rollout-pilot lint` run built from its files' facts found elsewhere (by the workers of
// cli/lintPool.ts): what `WorkspaceIndex.set` of every file gives, without parsing anything again.
import { WorkspaceIndex, type ChunkFacts } from '../server/src/core/workspace/index';

/** `inputs` in order, each with `facts[i]` (`fileFacts` of its text; null: not indexed). */
export function indexFromFacts(roots: string[], inputs: ReadonlyArray<{ key: string; text: string }>, facts: ReadonlyArray<readonly ChunkFacts[] | null>): WorkspaceIndex {
  // not ready while it is filled: no change then works out which other files it concerns (nobody asks)
  const index = new WorkspaceIndex({ roots, ready: false });
  for (let i = 0; i < inputs.length; i++) {
    const given = facts[i];
    if (!given) continue;
    const steps = index.setSteps(inputs[i]!.key, inputs[i]!.text, false, given);
    while (!steps.next().done);
  }
  index.setReady(true);
  return index;
}
