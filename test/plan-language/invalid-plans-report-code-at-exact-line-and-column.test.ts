import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preparePlan } from '../../engine/prepare-plan.js';
import { findExpected, FIXTURES, readExpectations } from './fixture-expectations.js';

const dir = join(FIXTURES, 'plans', 'invalid');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('each invalid plan reports its one mistake with code, file, line and column', () => {
  it('has a corpus with an expectation in every file', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(35);
    for (const f of fixtures) expect(readExpectations(join(dir, f)), f).toHaveLength(1);
  });

  for (const fixture of fixtures) {
    it(fixture.replace(/\.yaml$/, ''), () => {
      const file = join(dir, fixture);
      const [expected] = readExpectations(file);
      const result = preparePlan(file);
      const found = findExpected(result.diagnostics, expected!);
      expect(typeof found === 'string' ? found : 'ok').toBe('ok');
      // Warnings alone leave the plan valid; every other fixture is invalid.
      if (expected!.code === 'ROLLBACK_UNCOVERED') {
        expect(result.analyzed).not.toBeNull();
        expect(typeof found !== 'string' && found.severity).toBe('warning');
      } else {
        expect(result.analyzed).toBeNull();
      }
    });
  }
});
