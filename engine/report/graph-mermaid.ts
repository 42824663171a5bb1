import type { EdgeRole, NodeRole, PlanGraph } from './graph-model.js';

/** Mermaid shape per role: the forward kinds, the gates and the rollback states each look different. */
const SHAPE: Record<NodeRole, [string, string]> = {
  start: ['((', '))'], gate: ['{{', '}}'], task: ['[', ']'], 'read-only': ['(', ')'], wait: ['([', '])'],
  choice: ['{', '}'], foreach: ['[[', ']]'], manual: ['[/', '/]'], rollback: ['{{', '}}'], undo: ['[', ']'],
  'final-ok': ['((', '))'], 'final-stop': ['((', '))'],
};

const CLASS_DEF: Record<NodeRole, string> = {
  start: 'fill:#444,color:#fff,stroke:#444', gate: 'fill:#fff7d6,stroke:#b7950b', task: 'fill:#e8f1fb,stroke:#2c6fbb',
  'read-only': 'fill:#eef7ee,stroke:#3c8d40', wait: 'fill:#eef7ee,stroke:#3c8d40', choice: 'fill:#f4ecf7,stroke:#7d3c98',
  foreach: 'fill:#e8f1fb,stroke:#2c6fbb,stroke-width:2px', manual: 'fill:#fff7d6,stroke:#b7950b',
  rollback: 'fill:#fde2e2,stroke:#c0392b,stroke-width:2px', undo: 'fill:#fde2e2,stroke:#c0392b,stroke-dasharray:4 2',
  'final-ok': 'fill:#d5f5e3,stroke:#1e8449', 'final-stop': 'fill:#fadbd8,stroke:#922b21',
};

const EDGE_STYLE: Record<EdgeRole, string | null> = { forward: null, rollback: 'stroke:#c0392b', stop: 'stroke:#7f8c8d' };

/** Mermaid labels are quoted strings; entity codes keep quotes, pipes and angle brackets from ending them. */
export function mermaidText(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/\|/g, '#124;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

const className = (role: NodeRole) => role.replace(/-/g, '_');

/**
 * A Mermaid flowchart: forward edges solid, rollback edges dashed and red, stop edges
 * (pause) dotted grey; the rollback router and undo states sit in their own subgraph.
 */
export function renderMermaid(graph: PlanGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.state, `n${i}`]));
  const id = (state: string) => ids.get(state) ?? 'missing';
  const declare = (n: PlanGraph['nodes'][number]) => {
    const [open, close] = SHAPE[n.role];
    return `${id(n.state)}${open}"${mermaidText(n.label)}"${close}`;
  };
  const lines = ['flowchart TD', `  %% plan ${mermaidText(graph.name)}: compiled machine, states and transitions as a run uses them`];
  const isRollback = (role: NodeRole) => role === 'rollback' || role === 'undo';
  for (const n of graph.nodes) if (!isRollback(n.role)) lines.push(`  ${declare(n)}`);
  const rollback = graph.nodes.filter((n) => isRollback(n.role));
  if (rollback.length) {
    lines.push('  subgraph rollback_path ["rollback path (precomputed)"]');
    for (const n of rollback) lines.push(`    ${declare(n)}`);
    lines.push('  end');
  }
  const styled: Record<EdgeRole, number[]> = { forward: [], rollback: [], stop: [] };
  graph.edges.forEach((e, index) => {
    const arrow = e.role === 'forward' ? '-->' : '-.->';
    lines.push(`  ${id(e.from)} ${arrow}${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${id(e.to)}`);
    styled[e.role].push(index);
  });
  const roles = [...new Set(graph.nodes.map((n) => n.role))];
  for (const role of roles) lines.push(`  classDef ${className(role)} ${CLASS_DEF[role]}`);
  for (const role of roles) lines.push(`  class ${graph.nodes.filter((n) => n.role === role).map((n) => id(n.state)).join(',')} ${className(role)}`);
  for (const [role, indexes] of Object.entries(styled) as Array<[EdgeRole, number[]]>) {
    const style = EDGE_STYLE[role];
    if (style && indexes.length) lines.push(`  linkStyle ${indexes.join(',')} ${style}`);
  }
  return lines.join('\n');
}
