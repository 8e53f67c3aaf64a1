// The kustomize builds around files read alone. CI often lints only the files a change touched
// (`git diff --name-only | xargs rollout-pilot lint`), and an editor may open one file of a repository without its
// folder: a patch without the kustomization that lists it would be checked as a whole object (a Rollout patch
// "missing" its selector). So for such a file, the kustomizations in its folder and in each folder above it, up to the
// repository's root (the first folder holding `.git`), are read, and with them what their builds include (resources,
// components, patches; a folder by its kustomization), as far as they lead. These files are indexed for the links and
// the patch rules and never checked themselves. Used by `rollout-pilot lint` (files named alone) and the language
// server (documents outside the workspace folders). Folders read whole need none of this.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KUSTOMIZATION_NAMES, readKustomization, RESOURCE_FILE } from '../core/workspace/kustomize';

/** How many folders up from a file at most, and how many files the builds may bring in all. */
export const MAX_LEVELS = 16;
export const MAX_CONTEXT_FILES = 2000;

/**
 * The folders a walk up from `file` visits: its folder and each folder above it, up to and including the repository's
 * root (the first folder holding `.git`), at most MAX_LEVELS of them. The kustomizations of these folders are where a
 * build around the file starts (the editor also watches them for a kustomization created there).
 */
export function walkUp(file: string): string[] {
  const dirs: string[] = [];
  let dir = dirname(file);
  for (let level = 0; level < MAX_LEVELS; level++) {
    dirs.push(dir);
    const up = dirname(dir);
    if (existsSync(join(dir, '.git')) || up === dir) break;
    dir = up;
  }
  return dirs;
}

export interface ContextFile {
  path: string;
  text: string;
}

export interface KustomizeContext {
  files: ContextFile[];
  /** the builds held more files than MAX_CONTEXT_FILES: the first ones were read */
  truncated: boolean;
  /**
   * Every file the builds name, known or not, read or unreadable (missing for now): the kustomizations found and
   * followed, and what they include; not the ones left out past `maxFiles`. (The editor follows these on disk.)
   */
  named: string[];
  /** The folders the walks up from the files visited (walkUp; a folder another file's walk reached first, once). (The
   * editor watches these for a kustomization created there.) */
  walked: string[];
}

/**
 * The files of the kustomize builds around `named` (absolute paths of files named alone) that are not `known` (the
 * inputs, read already: a kustomization among them is followed too). `read` gives a file's text, or undefined when it
 * cannot be read (missing, too large, not text): such a file is skipped. Order: kustomizations as found walking up,
 * then what they include, breadth first.
 */
export function kustomizeContext(
  named: readonly string[],
  known: ReadonlyMap<string, string>,
  read: (path: string) => string | undefined,
  maxFiles = MAX_CONTEXT_FILES,
): KustomizeContext {
  const out: ContextFile[] = [];
  /** what the builds name (KustomizeContext.named) */
  const names = new Set<string>();
  const texts = new Map<string, string | undefined>(known);
  const queue: string[] = [];
  let truncated = false;
  /** the file's text, read once (a file read before or unreadable: as it was) */
  const take = (path: string): string | undefined => {
    if (texts.has(path)) {
      names.add(path);
      return texts.get(path);
    }
    if (out.length >= maxFiles) {
      truncated = true;
      return undefined;
    }
    const text = read(path);
    texts.set(path, text);
    names.add(path);
    if (text !== undefined) out.push({ path, text });
    return text;
  };
  const queued = new Set<string>();
  const follow = (k: string) => {
    if (queued.has(k)) return;
    queued.add(k);
    queue.push(k);
  };
  // a known one counts though not on disk (yet): the editor's unsaved kustomization is the folder's
  const kustomizationIn = (dir: string): string | undefined =>
    KUSTOMIZATION_NAMES.map((n) => join(dir, n)).find((p) => known.has(p) || existsSync(p));

  const dirsDone = new Set<string>();
  const walked: string[] = [];
  for (const file of named) {
    for (const dir of walkUp(file)) {
      if (dirsDone.has(dir)) break; // another file's walk went up from here already
      dirsDone.add(dir);
      walked.push(dir);
      const k = kustomizationIn(dir);
      if (k !== undefined) follow(k);
    }
  }
  // what the builds include: a kustomization's resources, components and patches, a folder by its own kustomization
  for (let i = 0; i < queue.length; i++) {
    const k = queue[i]!;
    const text = take(k);
    if (text === undefined) continue;
    const facts = readKustomization(k, text);
    for (const target of [...facts.resources, ...facts.patches.map((p) => p.file)]) {
      if (RESOURCE_FILE.test(target)) {
        take(target);
        continue;
      }
      const inner = kustomizationIn(target);
      if (inner !== undefined) follow(inner);
    }
  }
  return { files: out, truncated, named: [...names], walked };
}
