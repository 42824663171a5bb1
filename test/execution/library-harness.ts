/**
 * Test support (not a test): a run started through the library API, as the CLI starts it,
 * with services a test replaces (a journal or log whose disk fails). Real plans, commands
 * and files otherwise.
 */
import * as nodeFs from 'node:fs';
import { expect } from 'vitest';
import { buildRunServices } from '../../engine/cli/run-services.js';
import type { CliIo } from '../../engine/cli/cli-io.js';
import { preparePlan } from '../../engine/prepare-plan.js';
import type { RunServices } from '../../engine/run/execute-run.js';
import { startRun } from '../../engine/run/start-run.js';
import { randomIds } from '../../engine/run/system/ids.js';
import type { Workspace } from './cli-harness.js';

/** The error a failing disk gives a write. */
export const diskError = (code: 'ENOSPC' | 'EIO'): NodeJS.ErrnoException =>
  Object.assign(new Error(code === 'ENOSPC' ? 'ENOSPC: no space left on device, write' : 'EIO: i/o error, write'), { code, errno: code === 'ENOSPC' ? -28 : -5, syscall: 'write' });

/** node:fs with writeSync failing whenever `fails(data)` says so (the disk error it returns is thrown). */
export function failingWrites(fails: (data: Buffer) => NodeJS.ErrnoException | null): typeof nodeFs {
  const writeSync = ((fd: number, data: Buffer, ...rest: number[]) => {
    const error = fails(data);
    if (error) throw error;
    return (nodeFs.writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
  }) as typeof nodeFs.writeSync;
  return { ...nodeFs, writeSync };
}

/** Starts `planFile` with site=the workspace's site, as `mirrorplan run --state-dir` would, with `replaced` services. */
export function startLibraryRun(ws: Workspace, planFile: string, replaced: Partial<RunServices>, io: CliIo = { out: () => {}, err: () => {}, isTTY: false }) {
  const prepared = preparePlan(planFile, { requireValues: true, overrides: [{ name: 'site', value: ws.site, flag: `-p site=${ws.site}` }] });
  expect(prepared.analyzed, JSON.stringify(prepared.diagnostics)).toBeTruthy();
  const services = buildRunServices({ 'state-dir': ws.state, quiet: true }, io);
  return startRun(prepared.analyzed!, { ...services, ...replaced, ids: randomIds });
}
