// The `Images:` block of `get rollout` (argo-rollouts info/rollout_info.go `Images`, `mergeImageAndTags`,
// experiment_info.go `ExperimentImages`).
import type { ExperimentInfo } from './experimentInfo';
import { compareGoStrings } from './meta';
import type { ReplicaSetInfo } from './replicaSetInfo';

export interface ImageInfo {
  image: string;
  /** `canary`, `stable`, `active`, `preview`, `ping`, `pong`, `Σ:<experiment template>`. */
  tags: string[];
}

/**
 * Merges `image` into `images` as upstream does: a new image keeps its tags in the order given; an existing one
 * gets the union of both tag lists, sorted. The list is kept sorted by image string.
 */
function mergeImageAndTags(image: ImageInfo, images: ImageInfo[]): void {
  const existing = images.find((i) => i.image === image.image);
  if (!existing) images.push({ image: image.image, tags: [...image.tags] });
  else existing.tags = [...new Set([...image.tags, ...existing.tags])].sort(compareGoStrings);
  images.sort((a, b) => compareGoStrings(a.image, b.image));
}

/**
 * Images running in the Rollout's ReplicaSets with `status.replicas > 0`, tagged with their roles (in the order
 * canary, stable, active, preview, ping, pong), then the images of the Experiments' ReplicaSets tagged
 * `Σ:<template>`.
 */
export function collectImages(replicaSets: readonly ReplicaSetInfo[], experiments: readonly ExperimentInfo[]): ImageInfo[] {
  const images: ImageInfo[] = [];
  for (const rs of replicaSets) {
    if (rs.replicas <= 0) continue;
    const tags: string[] = [];
    if (rs.canary) tags.push('canary');
    if (rs.stable) tags.push('stable');
    if (rs.active) tags.push('active');
    if (rs.preview) tags.push('preview');
    if (rs.ping) tags.push('ping');
    if (rs.pong) tags.push('pong');
    for (const image of rs.images) mergeImageAndTags({ image, tags }, images);
  }
  for (const exp of experiments) {
    for (const image of experimentImages(exp)) mergeImageAndTags(image, images);
  }
  return images;
}

/** `ExperimentImages`: the images of an Experiment's ReplicaSets with replicas, tagged `Σ:<template>`. */
export function experimentImages(exp: Pick<ExperimentInfo, 'replicaSets'>): ImageInfo[] {
  const images: ImageInfo[] = [];
  for (const rs of exp.replicaSets) {
    if (rs.replicas <= 0) continue;
    for (const image of rs.images) mergeImageAndTags({ image, tags: rs.template ? [`Σ:${rs.template}`] : [] }, images);
  }
  return images;
}

/** `formatImage` without colours: `image (tag1, tag2)`, or the bare image when it has no tags. */
export function formatImage(image: ImageInfo): string {
  return image.tags.length > 0 ? `${image.image} (${image.tags.join(', ')})` : image.image;
}
