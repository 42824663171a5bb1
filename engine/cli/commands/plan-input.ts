import { MirrorplanError } from '../../errors/mirrorplan-error.js';
import { parseOverride, type ParameterOverride } from '../../resolve/resolve-parameters.js';

export function parseOverrides(flags: string[]): ParameterOverride[] {
  return flags.map((flag) => {
    const override = parseOverride(flag);
    if (!override) throw new MirrorplanError('USAGE', `-p ${flag}: expected name=value`, { hint: 'for example -p vg=datavg' });
    return override;
  });
}
