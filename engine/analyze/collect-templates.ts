import type { Condition } from '../load/plan-types.generated.js';
import type { ResolvedAction, ResolvedPlan, ResolvedStep } from '../resolve/resolved-plan.js';

export interface TemplateSite {
  text: string;
  path: string;
  /** argv elements and env values must render to one scalar */
  scalar: boolean;
  /** An undo runs only after its step completed, so it may use that step's own captures. */
  afterStep?: boolean;
}

export function actionTemplates(action: ResolvedAction, path: string): TemplateSite[] {
  return [
    ...(action.argv ?? []).map((text, i) => ({ text, path: `${path}/command/${i}`, scalar: true })),
    ...Object.entries(action.env).map(([name, text]) => ({ text, path: `${path}/env/${name}`, scalar: true })),
    ...(action.cwd ? [{ text: action.cwd, path: `${path}/cwd`, scalar: true }] : []),
  ];
}

function conditionTemplates(condition: Condition, path: string): TemplateSite[] {
  return [
    ...(condition.value !== undefined ? [{ text: condition.value, path: `${path}/value`, scalar: true }] : []),
    ...(condition.all ?? []).flatMap((c, i) => conditionTemplates(c, `${path}/all/${i}`)),
    ...(condition.any ?? []).flatMap((c, i) => conditionTemplates(c, `${path}/any/${i}`)),
    ...(condition.not ? conditionTemplates(condition.not, `${path}/not`) : []),
  ];
}

/** Every string of a step that may hold references, with the document path it came from. */
export function stepTemplates(step: ResolvedStep): TemplateSite[] {
  switch (step.kind) {
    case 'task':
      return [
        ...actionTemplates(step.action, step.path),
        ...step.undo.flatMap((u, i) => actionTemplates(u, `${step.path}/undo/${i}`).map((site) => ({ ...site, afterStep: true }))),
        ...(step.check ? actionTemplates(step.check, `${step.path}/check`) : []),
      ];
    case 'wait':
      return actionTemplates(step.action, step.path);
    case 'choice':
      return step.choices.flatMap((c, i) => conditionTemplates(c.when, `${step.path}/choices/${i}/when`));
    case 'foreach':
      return typeof step.items === 'string' ? [{ text: step.items, path: `${step.path}/items`, scalar: false }] : [];
    case 'manual':
      return [{ text: step.prompt, path: `${step.path}/prompt`, scalar: true }];
  }
}

export function planLevelTemplates(plan: ResolvedPlan): TemplateSite[] {
  return [
    ...(plan.guard ? actionTemplates(plan.guard, '/guard') : []),
    ...plan.preflight.flatMap((p, i) => actionTemplates(p, `/preflight/${i}`)),
    ...Object.values(plan.hosts).flatMap((h) => Object.entries(h.env).map(([k, text]) => ({ text, path: `/hosts/${h.name}/env/${k}`, scalar: true }))),
  ];
}
