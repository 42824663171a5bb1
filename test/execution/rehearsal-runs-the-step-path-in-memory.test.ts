/**
 * Before a run's first command the CLI runs the engine's own step path once in memory
 * (engine/run/execute/rehearse-step-path.ts), so that the first steps are not slowed by V8
 * compiling it. It must really go through the machine to its end, and touch nothing.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rehearseStepPath } from '../../engine/run/execute/rehearse-step-path.js';

describe('the step-path rehearsal', () => {
  it('runs its three steps to succeeded, again and again, without creating a file', async () => {
    const before = readdirSync('.');
    expect(await rehearseStepPath()).toBe('succeeded');
    expect(await rehearseStepPath()).toBe('succeeded');
    expect(readdirSync('.')).toEqual(before);
  });
});
