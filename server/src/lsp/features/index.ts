// The features the server serves beside checking, in the order they are attached (the workspace first: the others
// read it through the context).
import type { Feature, FeatureContext } from './feature';

export function createFeatures(ctx: FeatureContext): Feature[] {
  void ctx;
  return [];
}
