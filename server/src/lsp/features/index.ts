// The features the server serves beside checking, in the order they are attached (the workspace first: the others
// read it through the context).
import type { Feature, FeatureContext } from './feature';
import { attachInlayHints } from './inlayHints';
import { attachHover } from './hover';
import { attachCompletion } from './completion';
import { attachSymbols } from './symbols';
import { attachWorkspace } from './workspace';
import { attachNavigation } from './navigation';

export function createFeatures(ctx: FeatureContext): Feature[] {
  return [
    attachWorkspace(ctx),
    attachNavigation(ctx),
    attachInlayHints(ctx),
    attachHover(ctx),
    attachCompletion(ctx),
    attachSymbols(ctx),
  ];
}
