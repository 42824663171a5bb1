import { isAlias, isMap, isPair, isSeq, type Document, type Node } from 'yaml';

/**
 * How many values the aliases of a document expand to in total. A handful of aliases
 * can expand to billions of values ("billion laughs"), so the count of aliases alone is
 * no defence: this measures the expansion itself, memoized per anchored node, without
 * expanding anything.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/** The offset of the alias at which the total expansion first exceeds the bound, or null. */
export function findExcessiveAlias(doc: Document): { offset: number; total: number } | null {
  const sizes = new Map<unknown, number>();
  const inProgress = new Set<unknown>();
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) node = node.resolve(doc);
    if (!node || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    // An anchor that contains an alias to itself expands without end.
    if (inProgress.has(node)) return Infinity;
    inProgress.add(node);
    let size = 1;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        size += isPair(item) ? sizeOf(item.key) + sizeOf(item.value) : sizeOf(item);
        if (size > MAX_ALIAS_EXPANSION) break;
      }
    }
    inProgress.delete(node);
    sizes.set(node, size);
    return size;
  };
  let total = 0;
  let found: { offset: number; total: number } | null = null;
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (isAlias(node)) {
      total += sizeOf(node);
      if (total > MAX_ALIAS_EXPANSION) found = { offset: (node as Node).range?.[0] ?? 0, total };
      return;
    }
    if (isPair(node)) { visit(node.key); visit(node.value); return; }
    if (isMap(node) || isSeq(node)) for (const item of node.items as unknown[]) visit(item);
  };
  visit(doc.contents);
  return found;
}
