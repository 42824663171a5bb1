import type { Diagnostic } from '../errors/diagnostic.js';
import type { DocPath, SourceDocument } from '../load/source-document.js';
import { parseTemplate, TemplateSyntaxError } from './parse-template.js';
import { vetRegex } from './vet-regex.js';
import { durationMs, MAX_DURATION_MS, MIN_INTERVAL_MS } from './duration-ms.js';

type Node = Record<string, unknown>;
const REGEX_KEYS = new Set(['stdout_matches', 'stdout_not_matches', 'stderr_matches', 'stderr_not_matches', 'regex', 'pattern', 'matches']);
const TEMPLATE_KEYS = new Set(['cwd', 'lock', 'prompt', 'value', 'items']);
const DURATION_KEYS = new Set(['timeout', 'backoff', 'max_backoff', 'interval', 'deadline', 'kill_grace']);

const SHELL_REFERENCE = /\$\{\s*(?:params\.|steps\.|run\.|item\s*\})[^}]*\}?/;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks of single fields that JSON Schema cannot express: regex safety, reference syntax, command XOR shell, duration bounds. */
export function checkFields(doc: SourceDocument): Diagnostic[] {
  const found: Diagnostic[] = [];
  const report = (path: DocPath, code: string, message: string, hint?: string, key = false, find?: string) =>
    found.push({ code, severity: 'error', ...doc.locate(path, { key, find }), path: `/${path.join('/')}`, message, ...(hint ? { hint } : {}) });

  const checkTemplate = (path: DocPath, text: string) => {
    try { parseTemplate(text); } catch (error) {
      if (error instanceof TemplateSyntaxError) report(path, 'TEMPLATE_SYNTAX', error.message, undefined, false, text.slice(error.offset).split('\n')[0]?.slice(0, 40));
      else throw error;
    }
  };

  const checkRunnable = (path: DocPath, node: Node, what: string) => {
    const hasCommand = node.command !== undefined;
    const hasShell = node.shell !== undefined;
    if (hasCommand && hasShell) report([...path, 'shell'], 'COMMAND_AND_SHELL', `${what} has both command and shell`, 'keep one: command (argv, no shell) or shell (a /bin/sh script)', true);
    if (!hasCommand && !hasShell) report(path, 'NO_COMMAND', `${what} has no command`, 'add command: [program, arg, ...]');
    // The script is passed to /bin/sh as written, so the shell's own ${VAR} is fine; only
    // something that looks like one of our references is a mistake (it would not be substituted).
    const reference = typeof node.shell === 'string' ? SHELL_REFERENCE.exec(node.shell) : null;
    if (reference) {
      report([...path, 'shell'], 'SHELL_REFERENCE', `${reference[0]} in a shell script is not substituted: references never pass through a shell (values would become shell code)`,
        'pass the value in env (env: {VG: "${params.vg}"}) and use "$VG" in the script', false, reference[0]);
    }
  };

  const walk = (value: unknown, path: DocPath): void => {
    if (Array.isArray(value)) { value.forEach((item, i) => walk(item, [...path, i])); return; }
    if (!isNode(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (typeof child === 'string' && REGEX_KEYS.has(key)) {
        const problem = vetRegex(child);
        if (problem) report(childPath, 'REGEX_REFUSED', `${key}: ${problem}`);
      } else if (typeof child === 'string' && DURATION_KEYS.has(key) && (durationMs(child) ?? 0) > MAX_DURATION_MS) {
        report(childPath, 'DURATION_TOO_LONG', `${key}: ${child} is longer than the longest wait a timer can keep (596h, ~24.8 days)`, 'give at most 596h');
      } else if (key === 'interval' && typeof child === 'string' && (durationMs(child) ?? MIN_INTERVAL_MS) < MIN_INTERVAL_MS) {
        report(childPath, 'INTERVAL_TOO_SHORT', `interval: ${child} polls without a pause worth the name (a busy loop against the system it probes)`, `give at least ${MIN_INTERVAL_MS}ms`);
      } else if (typeof child === 'string' && TEMPLATE_KEYS.has(key)) {
        checkTemplate(childPath, child);
      } else if (key === 'command' && Array.isArray(child)) {
        child.forEach((arg, i) => typeof arg === 'string' && checkTemplate([...childPath, i], arg));
      } else if (key === 'env' && isNode(child)) {
        for (const [name, text] of Object.entries(child)) if (typeof text === 'string') checkTemplate([...childPath, name], text);
      }
      // env values were checked above; env names are free (an env var may be called "pattern").
      if (key !== 'env') walk(child, childPath);
    }
  };

  const plan = doc.value as Node;
  walk(plan, []);
  if (isNode(plan.guard)) checkRunnable(['guard'], plan.guard, 'the guard');
  if (Array.isArray(plan.preflight)) plan.preflight.forEach((p, i) => isNode(p) && checkRunnable(['preflight', i], p, `preflight check "${String(p.id)}"`));
  const checkStep = (step: unknown, path: DocPath) => {
    if (!isNode(step)) return;
    const label = `step "${String(step.id)}"`;
    if (step.kind === 'task' || step.kind === 'wait') checkRunnable(path, step, label);
    if (Array.isArray(step.undo)) step.undo.forEach((u, i) => isNode(u) && checkRunnable([...path, 'undo', i], u, `undo ${i + 1} of ${label}`));
    if (isNode(step.check)) checkRunnable([...path, 'check'], step.check, `the check of ${label}`);
    if (Array.isArray(step.steps)) step.steps.forEach((s, i) => checkStep(s, [...path, 'steps', i]));
  };
  if (Array.isArray(plan.steps)) plan.steps.forEach((s, i) => checkStep(s, ['steps', i]));
  if (plan.steps_append !== undefined) report(['steps_append'], 'APPEND_WITHOUT_EXTENDS', 'steps_append is only meaningful with extends', 'add the steps to steps:', true);
  return found;
}
