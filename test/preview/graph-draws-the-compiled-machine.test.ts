import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileMachine } from '../../engine/compile/compile-machine.js';
import { preparePlan } from '../../engine/prepare-plan.js';
import { cli, FIXTURES, ROOT } from './helpers.js';
import { parseDot, parseMermaidFlowchart } from './graph-syntax.js';

const MARKERS = join(FIXTURES, 'markers.yaml');
const shipped = existsSync(join(ROOT, 'plans')) ? readdirSync(join(ROOT, 'plans')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'plans', f)) : [];
const plans = [MARKERS, join(ROOT, 'test/fixtures/plans/valid/every-field.yaml'), ...shipped].filter(existsSync);

function machineStates(plan: string): string[] {
  const result = preparePlan(plan, { requireValues: false });
  if (!result.analyzed) throw new Error(`${plan} does not analyze`);
  return Object.keys(compileMachine(result.analyzed).root.states);
}

describe('mirrorplan graph', () => {
  it('Mermaid output of the marker plan matches its snapshot', async () => {
    const r = await cli(['graph', MARKERS]);
    expect(r.code).toBe(0);
    await expect(`${r.out}\n`).toMatchFileSnapshot('./__snapshots__/markers.mmd');
  });

  it('DOT output of the marker plan matches its snapshot', async () => {
    const r = await cli(['graph', MARKERS, '--format', 'dot']);
    expect(r.code).toBe(0);
    await expect(`${r.out}\n`).toMatchFileSnapshot('./__snapshots__/markers.dot');
  });

  it.each(plans)('%s: valid Mermaid and DOT, every machine state drawn, rollback states set apart', async (plan) => {
    const states = machineStates(plan);
    const mermaid = parseMermaidFlowchart((await cli(['graph', plan])).out);
    const dot = parseDot((await cli(['graph', plan, '--format', 'dot'])).out);
    expect(dot.directed).toBe(true);
    expect(new Set(dot.nodes.keys())).toEqual(new Set([...states, '(start)']));
    expect(mermaid.nodes.size).toBe(states.length + 1);
    expect(mermaid.edges.length).toBe(dot.edges.length);
    const rollbackStates = states.filter((s) => s === 'rollback' || s.startsWith('undo:'));
    expect(dot.clusters.get('cluster_rollback')?.sort()).toEqual(rollbackStates.sort());
    expect(mermaid.subgraphs.get('rollback_path')?.length).toBe(rollbackStates.length);
    // Rollback edges are drawn dashed and red in both formats.
    expect(dot.edges.filter((e) => e.to === 'rollback').every((e) => e.attrs.style === 'dashed' && e.attrs.color === '#c0392b')).toBe(true);
    const router = [...mermaid.nodes].find(([, n]) => n.label.startsWith('rollback:'))?.[0];
    expect(mermaid.edges.filter((e) => e.to === router).every((e) => e.dashed)).toBe(true);
  });

  it('draws choices with their conditions, the foreach with its body, and every step\'s way into rollback', async () => {
    const dot = parseDot((await cli(['graph', MARKERS, '--format', 'dot'])).out);
    const label = (from: string, to: string) => dot.edges.find((e) => e.from === from && e.to === to)?.attrs.label;
    expect(label('step:route', 'step:join')).toBe('${params.mode} = quick');
    expect(label('step:route', 'step:confirm')).toBe('otherwise');
    expect(dot.nodes.get('step:backup-each')?.label).toBe('backup-each: foreach ${params.volumes} (1 at a time): copy-volume');
    expect(dot.nodes.get('step:backup-each')?.shape).toBe('box3d');
    expect(label('step:split', 'rollback')).toMatch(/fails/);
    expect(label('undo:split', 'rollbackFailed')).toBe('undo fails');
    expect(label('rollback', 'undo:backup-each')).toBe('top is backup-each');
    expect(label('guard', 'declined')).toBe('declines');
  });

  it('refuses an unknown format (exit 2) and an invalid plan (exit 3)', async () => {
    expect((await cli(['graph', MARKERS, '--format', 'svg'])).code).toBe(2);
    const invalid = await cli(['graph', join(ROOT, 'test/fixtures/plans/invalid/loop.yaml')]);
    expect(invalid.code).toBe(3);
    expect(invalid.err).toContain('STEP_CYCLE');
  });

  it('the validators reject what Mermaid and Graphviz would reject', () => {
    expect(() => parseDot('digraph { a -> b [label="x"]; ')).toThrow(/unexpected end/);
    expect(() => parseDot('digraph { a -- b }')).toThrow(/edge operator/);
    expect(() => parseDot('digraph { "a -> b }')).toThrow(/unexpected character/);
    expect(() => parseMermaidFlowchart('flowchart TD\n  a["x"] --> b')).toThrow(/not a line/);
    expect(() => parseMermaidFlowchart('flowchart TD\n  a["say "hi""]')).toThrow(/not a line/);
    expect(() => parseMermaidFlowchart('flowchart TD\n  a["x"]\n  a --> b')).toThrow(/undeclared node b/);
    expect(() => parseMermaidFlowchart('flowchart TD\n  a["x"]\n  class a nope')).toThrow(/no classDef/);
  });
});
