// Loaded with `node --require` by the bench: at exit, writes this process's own resource
// usage (getrusage: peak RSS in KiB, user and system CPU in µs) as JSON to $BENCH_RUSAGE_FILE.
// Children (the commands the engine runs) are not included.
'use strict';
const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  delete process.env.BENCH_RUSAGE_FILE; // not inherited by the commands the engine runs
  process.on('exit', () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    try { require('node:fs').writeFileSync(file, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime })); } catch { /* the bench reports null */ }
  });
}
