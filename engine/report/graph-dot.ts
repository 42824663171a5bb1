import type { EdgeRole, NodeRole, PlanGraph } from './graph-model.js';

const NODE_ATTRS: Record<NodeRole, string> = {
  start: 'shape=circle, style=filled, fillcolor="#444444", fontcolor="#ffffff"',
  gate: 'shape=hexagon, style=filled, fillcolor="#fff7d6"',
  task: 'shape=box, style=filled, fillcolor="#e8f1fb"',
  'read-only': 'shape=box, style="rounded,filled", fillcolor="#eef7ee"',
  wait: 'shape=box, style="rounded,filled", fillcolor="#eef7ee", peripheries=2',
  choice: 'shape=diamond, style=filled, fillcolor="#f4ecf7"',
  foreach: 'shape=box3d, style=filled, fillcolor="#e8f1fb"',
  manual: 'shape=parallelogram, style=filled, fillcolor="#fff7d6"',
  rollback: 'shape=hexagon, style=filled, fillcolor="#fde2e2", color="#c0392b"',
  undo: 'shape=box, style="dashed,filled", fillcolor="#fde2e2", color="#c0392b"',
  'final-ok': 'shape=doublecircle, style=filled, fillcolor="#d5f5e3"',
  'final-stop': 'shape=doublecircle, style=filled, fillcolor="#fadbd8"',
};

const EDGE_ATTRS: Record<EdgeRole, string> = {
  forward: '',
  rollback: 'style=dashed, color="#c0392b", fontcolor="#c0392b"',
  stop: 'style=dotted, color="#7f8c8d"',
};

/** A DOT double-quoted string: only the backslash and the quote need escaping. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

const attrs = (...parts: string[]) => { const set = parts.filter(Boolean); return set.length ? ` [${set.join(', ')}]` : ''; };

/** A Graphviz digraph; the rollback router and undo states are drawn in a red dashed cluster. */
export function renderDot(graph: PlanGraph): string {
  const lines = [`digraph ${dotString(graph.name)} {`, '  rankdir=TB;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  const isRollback = (role: NodeRole) => role === 'rollback' || role === 'undo';
  const declare = (n: PlanGraph['nodes'][number]) => `${dotString(n.state)}${attrs(`label=${dotString(n.label)}`, NODE_ATTRS[n.role])};`;
  for (const n of graph.nodes) if (!isRollback(n.role)) lines.push(`  ${declare(n)}`);
  const rollback = graph.nodes.filter((n) => isRollback(n.role));
  if (rollback.length) {
    lines.push('  subgraph cluster_rollback {', '    label="rollback path (precomputed)";', '    style=dashed;', '    color="#c0392b";');
    for (const n of rollback) lines.push(`    ${declare(n)}`);
    lines.push('  }');
  }
  for (const e of graph.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${attrs(e.label ? `label=${dotString(e.label)}` : '', EDGE_ATTRS[e.role])};`);
  lines.push('}');
  return lines.join('\n');
}
