// The YAML files under the workspace folders, for the first scan: one `readdir` per folder, several folders at once
// (a GitOps repository is mostly folders of a few files: one folder after the other, 5,000 files in 1,600 folders
// took ~0.5 s with opendir's entry-by-entry iteration, ~0.1 s so). Symbolic links are not followed (a link back up
// the tree would be a loop); `node_modules` and hidden folders are left out.
import { readdir, type Dirent } from 'node:fs';
import { join } from 'node:path';

/** The files the workspace index reads. */
export const YAML_NAME = /\.ya?ml$/i;
/** Folders read at once. */
const PARALLEL = 8;

export interface Walked {
  paths: string[];
  /** more than `max` YAML files: the walk stopped there */
  capped: boolean;
}

/** Every YAML file under `folders` (at most `max`); `found(count)` after each folder read; stops when `stop()`. */
export async function yamlFiles(folders: readonly string[], max: number, found: (count: number) => void = () => {}, stop: () => boolean = () => false): Promise<Walked> {
  const paths: string[] = [];
  const pending = [...folders];
  let capped = false;
  const one = async (dir: string): Promise<void> => {
    // node:fs's callback (node:fs/promises would be loaded at every start of the server for this)
    const entries = await new Promise<Dirent[] | undefined>((resolve) => readdir(dir, { withFileTypes: true }, (err, list) => resolve(err ? undefined : list)));
    if (!entries) return;
    for (const e of entries) {
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) pending.push(join(dir, e.name));
      } else if (e.isFile() && YAML_NAME.test(e.name)) {
        if (paths.length >= max) {
          capped = true;
          return;
        }
        paths.push(join(dir, e.name));
      }
    }
    found(paths.length);
  };
  while (pending.length > 0 && !capped && !stop()) {
    await Promise.all(pending.splice(0, PARALLEL).map(one));
  }
  return { paths, capped };
}
