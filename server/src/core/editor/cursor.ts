// What is under the cursor in a parsed document: the path of keys and list indexes from the root (`spec.strategy.
// canary.steps[0].setWeight`), and whether the cursor is on a key or on a value. Follows the YAML AST (flow style
// included); aliases are not followed.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ManifestDoc } from '../documents';

export type Path = Array<string | number>;

export interface CursorTarget {
  path: Path;
  /** On a mapping key (`path` ends with that key), or in a value. */
  onKey: boolean;
  /** The innermost node (the key's scalar on a key). */
  node: Node;
  /** The pair whose key or value holds the cursor, when there is one. */
  pair?: Pair<Node, Node | null>;
}

function contains(node: Node | null | undefined, offset: number): boolean {
  return !!node?.range && offset >= node.range[0] && offset <= node.range[1];
}

export function targetAt(md: ManifestDoc, offset: number): CursorTarget | undefined {
  const root = md.doc.contents as Node | null;
  if (!root || !contains(root, offset)) return undefined;
  const path: Path = [];
  let node: Node = root;
  let pair: Pair<Node, Node | null> | undefined;
  for (let depth = 0; depth < 128; depth++) {
    if (isMap(node)) {
      let next: Node | undefined;
      for (const item of node.items) {
        const p = item as Pair<Node, Node | null>;
        const key = p.key;
        if (contains(key, offset)) {
          path.push(isScalar(key) ? String(key.value) : String(key));
          return { path, onKey: true, node: key, pair: p };
        }
        if (p.value && contains(p.value, offset)) {
          path.push(isScalar(key) ? String(key.value) : String(key));
          pair = p;
          next = p.value;
          break;
        }
      }
      if (!next) return { path, onKey: false, node, ...(pair ? { pair } : {}) };
      node = next;
    } else if (isSeq(node)) {
      let next: Node | undefined;
      node.items.forEach((item, i) => {
        const n = (isPair(item) ? (item.value as Node) : (item as Node)) ?? undefined;
        if (!next && n && contains(n, offset)) {
          path.push(i);
          next = n;
        }
      });
      if (!next) return { path, onKey: false, node, ...(pair ? { pair } : {}) };
      node = next;
    } else {
      return { path, onKey: false, node, ...(pair ? { pair } : {}) };
    }
  }
  return undefined;
}
