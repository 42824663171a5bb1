// Plans (and an ansible playbook) generated for the bench into a temporary directory.

/** N read-only task steps, each running /bin/true on the local host. */
export function truePlan(count, name = `bench-true-${count}`) {
  const lines = ['mirrorplan: 1', `name: ${name}`, 'steps:'];
  for (let i = 0; i < count; i++) lines.push(`  - id: s${i}`, '    kind: task', '    command: [/bin/true]', '    read_only: true');
  return `${lines.join('\n')}\n`;
}

/**
 * A quiesce window: quiesce (with an undo), one step in between,
 * resume (resolves quiesce). Each command appends `date +%s%N` to a file: quiesce at its
 * end, the middle at its start and end, resume at its start.
 */
export function quiescePlan(dir, { gates = false } = {}) {
  const stamp = (file, times = 1) => JSON.stringify(Array.from({ length: times }, () => `date +%s%N >> ${dir}/${file}`).join('; '));
  // gates: a guard and two preflight probes first, as the shipped plans have them before they quiesce.
  const before = gates ? [
    'guard:', '  command: [/bin/true]',
    'preflight:', '  - id: first', '    command: [/bin/true]', '  - id: second', '    command: [/bin/true]',
  ] : [];
  return `${[
    'mirrorplan: 1', `name: bench-quiesce${gates ? '-gates' : ''}`, ...before, 'steps:',
    '  - id: quiesce', '    kind: task', `    command: [/bin/sh, -c, ${stamp('quiesce')}]`,
    '    undo:', '      - command: [/bin/true]',
    '  - id: between', '    kind: task', `    command: [/bin/sh, -c, ${stamp('between', 2)}]`, '    read_only: true',
    '  - id: resume', '    kind: task', `    command: [/bin/sh, -c, ${stamp('resume')}]`, '    resolves: [quiesce]',
  ].join('\n')}\n`;
}

/** The same three commands run back to back by one shell: what three process starts cost without any engine. */
export function quiesceShellScript(dir) {
  return [
    `/bin/sh -c 'date +%s%N >> ${dir}/quiesce'`,
    `/bin/sh -c 'date +%s%N >> ${dir}/between; date +%s%N >> ${dir}/between'`,
    `/bin/sh -c 'date +%s%N >> ${dir}/resume'`,
  ].join('\n');
}

/** N tasks of /bin/true for ansible-playbook, local connection, no fact gathering. */
export function truePlaybook(count) {
  const lines = ['- hosts: localhost', '  connection: local', '  gather_facts: false', '  tasks:'];
  for (let i = 0; i < count; i++) lines.push(`    - name: s${i}`, '      command: /bin/true', '      changed_when: false');
  return `${lines.join('\n')}\n`;
}

/** Shell loop over a literal list (no `seq` process): `for i in 1 2 ...; do /bin/true; done`. */
export function shellLoop(count) {
  return `for i in ${Array.from({ length: count }, (_, i) => i + 1).join(' ')}; do /bin/true; done`;
}
