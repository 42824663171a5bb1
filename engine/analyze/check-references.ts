import type { Diagnostic } from '../errors/diagnostic.js';
import type { ResolvedPlan, ResolvedStep } from '../resolve/resolved-plan.js';
import { findClosestName } from '../validate/closest-name.js';
import { parseTemplate, singleReference } from '../validate/parse-template.js';
import { planLevelTemplates, stepTemplates, type TemplateSite } from './collect-templates.js';
import { END, type CompletedBefore, type StepGraph } from './step-graph.js';

import type { Locate } from './locate.js';
interface Scope { completed: (step: string) => boolean; inForeach: boolean }

/** Undefined parameters, captures, hosts and steps; captures used before they can exist; ${item} outside foreach. */
export function checkReferences(plan: ResolvedPlan, graph: StepGraph, before: CompletedBefore, locate: Locate): Diagnostic[] {
  const found: Diagnostic[] = [];
  const error = (path: string, code: string, message: string, hint?: string, step?: string, find?: string) =>
    found.push({ code, severity: 'error', ...locate(path, { find }), path, message, ...(hint ? { hint } : {}), ...(step ? { step } : {}) });
  const allSteps = new Map<string, ResolvedStep>();
  for (const step of plan.steps) {
    for (const s of [step, ...(step.kind === 'foreach' ? step.steps : [])]) {
      if (allSteps.has(s.id)) error(`${s.path}/id`, 'STEP_DUPLICATE_ID', `the step id "${s.id}" is used twice`, 'step ids must be unique, foreach bodies included', s.id);
      else allSteps.set(s.id, s);
      if (s.id === END) error(`${s.path}/id`, 'STEP_RESERVED_ID', '"end" is reserved: next: end finishes the forward path', undefined, s.id);
    }
  }
  const ids = [...allSteps.keys()];
  const suggestStep = (id: string) => { const c = findClosestName(id, ids); return c ? `did you mean "${c}"?` : undefined; };
  const hostNames = Object.keys(plan.hosts);
  const paramNames = new Set([...Object.keys(plan.params), ...plan.missingParams]);

  const checkHost = (host: string, path: string, step?: string) => {
    if (host === '') error(path, 'HOST_MISSING', 'no host given and the plan has several', `add host: (one of ${hostNames.join(', ')}) or defaults.host`, step);
    else if (!plan.hosts[host]) error(`${path}/host`, 'HOST_UNDEFINED', `host "${host}" is not defined`, findClosestName(host, hostNames) ? `did you mean "${findClosestName(host, hostNames)}"?` : `defined hosts: ${hostNames.join(', ')}`, step);
  };
  const checkSite = (site: TemplateSite, scope: Scope, step?: string) => {
    for (const part of parseTemplate(site.text)) {
      if (!('ref' in part)) continue;
      const ref = part.ref;
      // Point at the reference itself, not at the start of the string that holds it.
      const refError = (path: string, code: string, message: string, hint?: string, at?: string) => error(path, code, message, hint, at, part.source);
      if (ref.scope === 'params') {
        if (!paramNames.has(ref.name)) refError(site.path, 'REF_UNKNOWN_PARAM', `\${params.${ref.name}} names no parameter`, findClosestName(ref.name, [...paramNames]) ? `did you mean "${findClosestName(ref.name, [...paramNames])}"?` : 'declare it under parameters:', step);
        else if (site.scalar && Array.isArray(plan.params[ref.name])) refError(site.path, 'REF_LIST_IN_STRING', `\${params.${ref.name}} is a list and cannot be placed inside a string`, 'iterate over it with a foreach step', step);
      } else if (ref.scope === 'steps') {
        // The guard runs before everything else: its captures (e.g. the resource groups online here) serve every later probe and step.
        const fromGuard = ref.step === 'guard' && plan.guard !== null && !allSteps.has('guard');
        const producer = fromGuard ? plan.guard : allSteps.get(ref.step);
        const captures = fromGuard ? plan.guard?.capture ?? [] : producer && 'kind' in producer && producer.kind !== 'choice' && producer.kind !== 'foreach' && producer.kind !== 'manual' ? producer.action.capture : [];
        if (!producer) refError(site.path, 'REF_UNKNOWN_STEP', `\${steps.${ref.step}.${ref.capture}} names no step`, suggestStep(ref.step), step);
        else if (fromGuard && site.path.startsWith('/guard')) refError(site.path, 'REF_CAPTURE_TOO_EARLY', 'the guard cannot use its own captures', undefined, step);
        else if (!captures.some((c) => c.name === ref.capture)) refError(site.path, 'REF_UNKNOWN_CAPTURE', `step "${ref.step}" captures no "${ref.capture}"`, captures.length ? `its captures: ${captures.map((c) => c.name).join(', ')}` : `add capture: {${ref.capture}: {regex: ...}} to step "${ref.step}"`, step);
        else if (!fromGuard && !scope.completed(ref.step) && !(site.afterStep && ref.step === step)) refError(site.path, 'REF_CAPTURE_TOO_EARLY', `\${steps.${ref.step}.${ref.capture}} may be used before step "${ref.step}" has run`, 'a capture can be used only by steps that come after its step on every path', step);
        else if (site.scalar && captures.find((c) => c.name === ref.capture)?.all) refError(site.path, 'REF_LIST_IN_STRING', `capture ${ref.step}.${ref.capture} is a list (all: true)`, 'iterate over it with a foreach step', step);
      } else if (ref.scope === 'item' && !scope.inForeach) {
        refError(site.path, 'REF_ITEM_OUTSIDE_FOREACH', '${item} is only defined inside a foreach', undefined, step);
      }
    }
  };

  for (const site of planLevelTemplates(plan)) checkSite(site, { completed: () => false, inForeach: false });
  if (plan.guard) checkHost(plan.guard.host, '/guard');
  plan.preflight.forEach((p, i) => checkHost(p.host, `/preflight/${i}`));
  for (const step of plan.steps) {
    const completed = (id: string) => before(id, step.id);
    for (const site of stepTemplates(step)) checkSite(site, { completed, inForeach: false }, step.id);
    const targets = step.kind === 'choice' ? [...step.choices.map((c, i) => ({ id: c.next, path: `${step.path}/choices/${i}/next` })), ...(step.default ? [{ id: step.default, path: `${step.path}/default` }] : [])]
      : step.next ? [{ id: step.next, path: `${step.path}/next` }] : [];
    for (const t of targets) if (t.id !== END && !graph.successors[t.id]) error(t.path, 'REF_UNKNOWN_TARGET', `"${t.id}" is not a top-level step`, suggestStep(t.id) ?? 'use a step id or end', step.id);
    if (step.kind === 'task' || step.kind === 'wait') checkHost(step.action.host, step.path, step.id);
    if (step.kind === 'task') step.undo.forEach((u, i) => checkHost(u.host, `${step.path}/undo/${i}`, step.id));
    if (step.kind === 'foreach') {
      const list = typeof step.items === 'string' ? singleReference(step.items) : null;
      if (typeof step.items === 'string' && (!list || list.scope === 'item' || list.scope === 'run')) error(`${step.path}/items`, 'FOREACH_ITEMS', 'items must be a list or exactly one reference to a list parameter or an all: true capture', undefined, step.id);
      else if (list?.scope === 'params' && paramNames.has(list.name) && plan.params[list.name] !== undefined && !Array.isArray(plan.params[list.name])) error(`${step.path}/items`, 'FOREACH_ITEMS', `parameter "${list.name}" is not a list`, 'declare it with type: array', step.id);
      // Inside the body: what completed before the foreach, and the body steps before this one.
      const inner = new Set<string>();
      const innerCompleted = (id: string) => completed(id) || inner.has(id);
      for (const body of step.steps) {
        if (body.next) error(`${body.path}/next`, 'FOREACH_NEXT', 'steps inside a foreach run in order; next is not allowed there', undefined, body.id);
        for (const site of stepTemplates(body)) checkSite(site, { completed: innerCompleted, inForeach: true }, body.id);
        checkHost(body.action.host, body.path, body.id);
        if (body.kind === 'task') body.undo.forEach((u, i) => checkHost(u.host, `${body.path}/undo/${i}`, body.id));
        inner.add(body.id);
      }
    }
  }
  return found;
}
