// The library API: the CLI is a thin layer over these, and other programs can call them.
export { preparePlan, type PrepareOptions, type PrepareResult } from './prepare-plan.js';
export { loadPlan, type LoadedPlan } from './load/load-plan.js';
export { validatePlanDocument, validateSiteDocument } from './validate/validate-document.js';
export { resolvePlan } from './resolve/resolve-plan.js';
export { analyzePlan, type AnalyzedPlan } from './analyze/analyze-plan.js';
export { compileMachine, type CompiledMachine } from './compile/compile-machine.js';
export { startRun } from './run/start-run.js';
export { continueRun } from './run/continue-run.js';
export { inspectRun, listRunIds, type RunView } from './run/inspect-run.js';
export { executeRun, type RunReport, type RunServices } from './run/execute-run.js';
export { buildRunbook, formatRunbook } from './report/runbook.js';
export { formatDiagnostic, type Diagnostic } from './errors/diagnostic.js';
export { MirrorplanError } from './errors/mirrorplan-error.js';
export type { MirrorplanPlan, MirrorplanSiteFile } from './load/plan-types.generated.js';
export type { ResolvedPlan } from './resolve/resolved-plan.js';
