// Inlay hints after each canary step (textDocument/inlayHint): the pods a setWeight really runs without trafficRouting
// (`→ 1 canary / 5 stable · 16 %`, at the HPA's min and max when one targets the rollout) and, after a pause, the
// automatic pause time so far or `⏸ manual promotion`. The arithmetic is core/canary.ts. The extension turns them off
// with `rolloutPilot.inlayHints.enabled` (its language client answers the request itself) and tells the server when
// that setting changes, so the editor is asked to request them again.
import type { InlayHint, InlayHintParams } from 'vscode-languageserver/node';
import { hpaFor, readCanaryPlan, replicaCounts, stepArithmetic, stepHint } from '../../core/canary';
import { inFile } from '../../core/editor/parse';
import { INLAY_HINTS_CHANGED_METHOD } from '../protocol';
import type { Feature, FeatureContext } from './feature';
import { openFile } from './editorDocs';

export function attachInlayHints(ctx: FeatureContext): Feature {
  let canRefresh = false;
  ctx.connection.languages.inlayHint.on(
    ctx.lifecycle((params: InlayHintParams): InlayHint[] => {
      const file = openFile(ctx, params.textDocument.uri);
      if (!file) return [];
      const out: InlayHint[] = [];
      const workspace = ctx.workspace();
      // a kustomize patch's steps run at the replicas, and with the traffic routing, of the Rollout it is merged into
      if (workspace?.patchOf?.(file.uri) !== undefined) return out;
      for (const md of file.docs) {
        const plan = md.kind === 'Rollout' && !md.unparsed ? readCanaryPlan(md) : undefined;
        if (!plan || plan.steps.length === 0) continue;
        const counts = replicaCounts(plan, hpaFor(plan, file.docs, workspace, file.uri));
        for (const s of stepArithmetic(plan, counts)) {
          const label = stepHint(plan, s);
          const at = s.step.setWeight?.range ?? s.step.pause?.range;
          if (!label || !at) continue;
          const position = inFile(md, at).end;
          if (position.line < params.range.start.line || position.line > params.range.end.line) continue;
          out.push({ position, label, paddingLeft: true });
        }
      }
      return out;
    }),
  );
  const refresh = () => {
    if (!canRefresh) return;
    ctx.connection.languages.inlayHint.refresh().catch((err: unknown) => ctx.log.error(`inlay hint refresh failed: ${String(err)}`));
  };
  ctx.connection.onNotification(INLAY_HINTS_CHANGED_METHOD, refresh);
  // an HPA read from disk (the first read of the workspace, a file changed) changes the counts the hints show
  ctx.onLinksChanged(refresh);
  return {
    capabilities(params) {
      canRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
      return { inlayHintProvider: true };
    },
  };
}
