// Summary of a V8 .cpuprofile: inclusive time of the engine's hot-path parts, self time by
// module and by function. Shared by bench/profile-engine.mjs and bench/profile-inprocess.mjs.
import { readFileSync } from 'node:fs';

export function summarizeProfile(file, count, header = '') {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample durations: timeDeltas[i] is the time before sample i.
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const where = (n) => {
    const url = n.callFrame.url ?? '';
    if (url.includes('/node_modules/')) return url.replace(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+).*/, '$1');
    if (url.includes('/dist/')) return `mirrorplan:${url.replace(/.*\/dist\//, '')}`;
    if (url.startsWith('node:')) return url;
    return url || `(${n.callFrame.functionName || 'native'})`;
  };

  // Self time by package/module and by function.
  const byWhere = new Map(), byFunction = new Map();
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    const w = where(n);
    byWhere.set(w, (byWhere.get(w) ?? 0) + us);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${w}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(f, (byFunction.get(f) ?? 0) + us);
  }

  // Inclusive time: a sample counts once for every distinct matcher on its stack.
  const matchers = {
    'xstate (all frames)': (n) => where(n) === 'xstate',
    'journal append (encode+write+fdatasync)': (n) => n.callFrame.functionName === 'append' && where(n).includes('journal-writer'),
    'fdatasyncSync': (n) => n.callFrame.functionName === 'fdatasyncSync',
    'writeSync': (n) => n.callFrame.functionName === 'writeSync',
    'encodeJournalLine (checksum+JSON)': (n) => n.callFrame.functionName === 'encodeJournalLine',
    'child_process spawn (fork+exec)': (n) => n.callFrame.functionName === 'spawn' && where(n) === 'node:internal/child_process',
    'readProcessStartTime (/proc read)': (n) => n.callFrame.functionName === 'readProcessStartTime',
    'pino (all frames)': (n) => where(n) === 'pino' || where(n) === 'sonic-boom' || where(n) === 'thread-stream' || where(n) === 'fast-redact',
    'progress observer': (n) => where(n).includes('progress-observer'),
    'masker': (n) => where(n).includes('create-masker'),
    'renderAction/renderTemplate': (n) => ['renderAction', 'renderTemplate'].includes(n.callFrame.functionName),
    'evaluateResult (regex, captures)': (n) => n.callFrame.functionName === 'evaluateResult',
    'runStep find/findIndex (O(N) lookups)': (n) => ['find', 'findIndex'].includes(n.callFrame.functionName) && parentIsMirrorplan(n),
    'compileMachine': (n) => n.callFrame.functionName === 'compileMachine',
    'plan loading (yaml/ajv/cache)': (n) => ['yaml', 'ajv'].includes(where(n)) || /load\/|validate\/|resolve\/|analyze\//.test(where(n)),
    'module loading (ESM/CJS compile)': (n) => /^node:internal\/modules/.test(where(n)),
    'garbage collector': (n) => n.callFrame.functionName === '(garbage collector)',
    'idle (waiting: children, I/O)': (n) => n.callFrame.functionName === '(idle)',
    'program (native, unattributed)': (n) => n.callFrame.functionName === '(program)',
  };
  function parentIsMirrorplan(n) {
    const p = byId.get(parent.get(n.id));
    return p ? where(p).startsWith('mirrorplan:') : false;
  }
  const inclusive = Object.fromEntries(Object.keys(matchers).map((k) => [k, 0]));
  for (const [id, us] of selfUs) {
    const hit = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      for (const [k, m] of Object.entries(matchers)) if (!hit.has(k) && m(n)) hit.add(k);
    }
    for (const k of hit) inclusive[k] += us;
  }

  const ms = (us) => (us / 1000).toFixed(1).padStart(8);
  const perStep = (us) => (us / 1000 / count).toFixed(3).padStart(7);
  const top = (map, k) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
  console.log(`${header}profile span ${(totalUs / 1000).toFixed(0)} ms, N=${count}`);
  console.log('\ninclusive time (ms total, ms/step):');
  for (const [k, us] of Object.entries(inclusive)) console.log(`  ${ms(us)} ${perStep(us)}  ${k}`);
  console.log('\nself time by module:');
  for (const [k, us] of top(byWhere, 18)) console.log(`  ${ms(us)} ${perStep(us)}  ${k}`);
  console.log('\nself time by function:');
  for (const [k, us] of top(byFunction, 30)) console.log(`  ${ms(us)} ${perStep(us)}  ${k}`);

}
