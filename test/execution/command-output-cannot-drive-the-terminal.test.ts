/**
 * What a command prints reaches the operator's terminal and cron's mail (a failing step's
 * stderr is its cause). Escape sequences in it must arrive as text, not act: a title
 * change, a screen clear or a colour over the banner that says the site is not back to
 * normal. And NO_COLOR (no-color.org) turns the progress colours off on a terminal.
 */
import { expect, test } from 'vitest';
import { buildRunServices } from '../../engine/cli/run-services.js';
import { runPlan, workspace, writePlan } from './cli-harness.js';

test('a failing step whose stderr holds escape sequences: they are shown escaped in the progress and the cause, none reaches stderr raw', async () => {
  const ws = workspace('control-characters');
  const plan = writePlan(ws, 'hostile-output.yaml', [
    'mirrorplan: 1', 'name: hostile-output', 'parameters:', '  site: {type: string}', 'steps:',
    '  - id: noisy', '    kind: task', "    shell: 'printf \"\\033]0;pwned\\007\\033[2J\\033[31mboom\\n\" >&2; exit 1'", '    read_only: true',
  ].join('\n'));
  const result = await runPlan(ws, plan, ['-v']);
  expect(result.code, result.stderr).toBe(5);
  expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  expect(result.stderr).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mboom');
  expect(result.stderr).toMatch(/cause: .*\\x1b\[31mboom/);
});

test('NO_COLOR turns the colours of the progress off on a terminal; without it they are on', () => {
  const lines = (noColor: string | undefined): string => {
    const saved = process.env.NO_COLOR;
    if (noColor === undefined) delete process.env.NO_COLOR; else process.env.NO_COLOR = noColor;
    try {
      const written: string[] = [];
      const services = buildRunServices({ 'state-dir': '/nonexistent' }, { out: () => {}, err: (text: string) => { written.push(text); }, isTTY: true });
      services.observer.note('warn', 'the mirror is split');
      return written.join('\n');
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR; else process.env.NO_COLOR = saved;
    }
  };
  expect(lines(undefined)).toContain('\u001b[33m!\u001b[0m the mirror is split');
  expect(lines('1')).not.toContain('\u001b');
  expect(lines('1')).toContain('! the mirror is split');
});
