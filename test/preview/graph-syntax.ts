// Validators for the two graph formats `mirrorplan graph` emits. Graphviz and mermaid are
// not installed here (and mermaid's flowchart parser needs a browser), so these check the
// grammar: DOT in full (the language's published grammar, ports and HTML strings aside),
// Mermaid for the flowchart subset the renderer uses, strictly (unknown lines are errors).

export interface ParsedDot { directed: boolean; nodes: Map<string, Record<string, string>>; edges: Array<{ from: string; to: string; attrs: Record<string, string> }>; clusters: Map<string, string[]> }

function tokenizeDot(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|(->|--|[{}[\];,=:])|("(?:[^"\\]|\\[\s\S])*")|(-?(?:\.\d+|\d+(?:\.\d*)?))|([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)|([\s\S])/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[5] !== undefined) throw new Error(`DOT: unexpected character ${JSON.stringify(m[5])} at ${m.index}`);
    const token = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (token !== undefined) tokens.push(token);
  }
  return tokens;
}

const unquote = (id: string) => (id.startsWith('"') ? id.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, '\\') : id);

export function parseDot(text: string): ParsedDot {
  const t = tokenizeDot(text);
  let i = 0;
  const peek = () => t[i];
  const next = () => { const tok = t[i++]; if (tok === undefined) throw new Error('DOT: unexpected end'); return tok; };
  const expect = (tok: string) => { const got = next(); if (got !== tok) throw new Error(`DOT: expected ${tok}, got ${got} (token ${i})`); };
  const isId = (tok: string | undefined) => tok !== undefined && !/^(->|--|[{}[\];,=:])$/.test(tok);
  const id = () => { const tok = next(); if (!isId(tok)) throw new Error(`DOT: expected an ID, got ${tok}`); return unquote(tok); };
  const out: ParsedDot = { directed: false, nodes: new Map(), edges: [], clusters: new Map() };
  const attrList = () => {
    const attrs: Record<string, string> = {};
    while (peek() === '[') {
      next();
      while (peek() !== ']') { const k = id(); expect('='); attrs[k] = id(); if (peek() === ',' || peek() === ';') next(); }
      expect(']');
    }
    return attrs;
  };
  const stmtList = (cluster: string[] | null) => {
    while (peek() !== '}') {
      stmt(cluster);
      if (peek() === ';') next();
    }
  };
  const subgraph = (cluster: string[] | null): string[] => {
    let name = '';
    if (peek() === 'subgraph') { next(); if (isId(peek()) && peek() !== '{') name = id(); }
    const members: string[] = [];
    expect('{');
    stmtList(members);
    expect('}');
    if (name.startsWith('cluster')) out.clusters.set(name, members);
    cluster?.push(...members);
    return members;
  };
  const operand = (cluster: string[] | null): string[] => {
    if (peek() === '{' || peek() === 'subgraph') return subgraph(cluster);
    const name = id();
    if (!out.nodes.has(name)) out.nodes.set(name, {});
    cluster?.push(name);
    return [name];
  };
  const stmt = (cluster: string[] | null) => {
    const tok = peek();
    if (tok === 'graph' || tok === 'node' || tok === 'edge') { next(); attrList(); return; }
    if (isId(tok) && t[i + 1] === '=') { next(); next(); id(); return; }
    let left = operand(cluster);
    if (peek() !== '->' && peek() !== '--') {
      if (left.length === 1 && tok !== '{' && tok !== 'subgraph') Object.assign(out.nodes.get(left[0] as string) ?? {}, attrList());
      return;
    }
    const pairs: Array<[string, string]> = [];
    while (peek() === '->' || peek() === '--') {
      const op = next();
      if ((op === '->') !== out.directed) throw new Error(`DOT: edge operator ${op} in a ${out.directed ? 'digraph' : 'graph'}`);
      const right = operand(cluster);
      for (const a of left) for (const b of right) pairs.push([a, b]);
      left = right;
    }
    const attrs = attrList();
    for (const [from, to] of pairs) out.edges.push({ from, to, attrs });
  };
  if (peek() === 'strict') next();
  const kind = next();
  if (kind !== 'digraph' && kind !== 'graph') throw new Error(`DOT: expected graph or digraph, got ${kind}`);
  out.directed = kind === 'digraph';
  if (peek() !== '{') id();
  expect('{');
  stmtList(null);
  expect('}');
  if (i !== t.length) throw new Error(`DOT: text after the graph: ${t.slice(i).join(' ')}`);
  return out;
}

export interface ParsedMermaid { nodes: Map<string, { label: string; shape: string }>; edges: Array<{ from: string; to: string; label: string; dashed: boolean }>; subgraphs: Map<string, string[]>; classes: Map<string, string[]> }

const SHAPES: Array<[string, string, string]> = [
  ['circle', '((', '))'], ['stadium', '([', '])'], ['subroutine', '[[', ']]'], ['hexagon', '{{', '}}'],
  ['parallelogram', '[/', '/]'], ['rect', '[', ']'], ['round', '(', ')'], ['rhombus', '{', '}'],
];
const LABEL = '"((?:[^"#]|#(?:\\w+|\\d+);)*)"';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const NODE_RES = SHAPES.map(([shape, open, close]) => [shape, new RegExp(`^([A-Za-z_][\\w-]*)${escapeRe(open)}${LABEL}${escapeRe(close)}$`)] as const);
const EDGE_RE = new RegExp(`^([A-Za-z_][\\w-]*) (-->|-\\.->)(?:\\|${LABEL}\\|)? ([A-Za-z_][\\w-]*)$`);

export function parseMermaidFlowchart(text: string): ParsedMermaid {
  const lines = text.split('\n');
  if (!/^flowchart (TD|TB|LR|RL|BT)$/.test(lines[0] ?? '')) throw new Error(`Mermaid: first line must be "flowchart TD", got ${lines[0]}`);
  const out: ParsedMermaid = { nodes: new Map(), edges: [], subgraphs: new Map(), classes: new Map() };
  const defined = new Set<string>();
  let open: string[] | null = null;
  const linkStyles: number[] = [];
  for (const [n, raw] of lines.slice(1).entries()) {
    const line = raw.trim();
    const where = `Mermaid line ${n + 2}: ${line}`;
    if (line === '' || line.startsWith('%%')) continue;
    let m: RegExpMatchArray | null;
    if ((m = line.match(new RegExp(`^subgraph ([A-Za-z_][\\w-]*) \\[${LABEL}\\]$`)))) {
      if (open) throw new Error(`${where}: nested subgraph`);
      open = []; out.subgraphs.set(m[1] as string, open); continue;
    }
    if (line === 'end') { if (!open) throw new Error(`${where}: end without subgraph`); open = null; continue; }
    if ((m = line.match(/^classDef ([A-Za-z_]\w*) ([\w-]+:[^,\s]+(?:,[\w-]+:[^,]+)*)$/))) { defined.add(m[1] as string); continue; }
    if ((m = line.match(/^class ([\w-]+(?:,[\w-]+)*) ([A-Za-z_]\w*)$/))) { out.classes.set(m[2] as string, (m[1] as string).split(',')); continue; }
    if ((m = line.match(/^linkStyle (\d+(?:,\d+)*) ([\w-]+:[^,\s]+(?:,[\w-]+:[^,]+)*)$/))) { linkStyles.push(...(m[1] as string).split(',').map(Number)); continue; }
    if ((m = line.match(EDGE_RE))) {
      out.edges.push({ from: m[1] as string, to: m[4] as string, label: m[3] ?? '', dashed: m[2] === '-.->' });
      continue;
    }
    const node = NODE_RES.map(([shape, re]) => [shape, line.match(re)] as const).find(([, found]) => found);
    if (node && node[1]) {
      const name = node[1][1] as string;
      if (out.nodes.has(name)) throw new Error(`${where}: node ${name} declared twice`);
      out.nodes.set(name, { label: node[1][2] ?? '', shape: node[0] });
      open?.push(name);
      continue;
    }
    throw new Error(`${where}: not a line of the flowchart subset`);
  }
  if (open) throw new Error('Mermaid: subgraph not closed');
  for (const e of out.edges) for (const end of [e.from, e.to]) if (!out.nodes.has(end)) throw new Error(`Mermaid: edge uses undeclared node ${end}`);
  for (const [name, members] of out.classes) {
    if (!defined.has(name)) throw new Error(`Mermaid: class ${name} has no classDef`);
    for (const member of members) if (!out.nodes.has(member)) throw new Error(`Mermaid: class ${name} names unknown node ${member}`);
  }
  for (const index of linkStyles) if (index >= out.edges.length) throw new Error(`Mermaid: linkStyle ${index} but only ${out.edges.length} edges`);
  return out;
}
