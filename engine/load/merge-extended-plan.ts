import type { DocPath, SourceDocument } from './source-document.js';

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

function mergeMappings(base: Mapping, override: Mapping): Mapping {
  const merged: Mapping = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // null removes an inherited key (as in JSON Merge Patch): a hook that becomes `shell:` drops the base's `command:`.
    if (value === null) { delete merged[key]; continue; }
    const previous = merged[key];
    merged[key] = isMapping(previous) && isMapping(value) ? mergeMappings(previous, value) : value;
  }
  return merged;
}

/**
 * Applies an extending plan to its base: mappings merge key by key, a step of the same id
 * is merged field by field (lists such as command or undo are replaced whole), and
 * steps_append adds steps at the end. Unknown step ids in `steps` are kept for the
 * analyzer to report (they would otherwise vanish silently).
 */
export function mergeExtendedPlan(base: Mapping, child: Mapping): { merged: Mapping; unknownOverrides: number[] } {
  const merged = mergeMappings(base, Object.fromEntries(Object.entries(child).filter(([k]) => k !== 'steps' && k !== 'steps_append' && k !== 'extends')));
  const baseSteps = Array.isArray(base.steps) ? [...base.steps] : [];
  const unknownOverrides: number[] = [];
  (Array.isArray(child.steps) ? child.steps : []).forEach((override, index) => {
    const id = isMapping(override) ? override.id : undefined;
    const at = baseSteps.findIndex((s) => isMapping(s) && s.id === id);
    if (at >= 0 && isMapping(override)) baseSteps[at] = mergeMappings(baseSteps[at] as Mapping, override);
    else unknownOverrides.push(index);
  });
  merged.steps = [...baseSteps, ...(Array.isArray(child.steps_append) ? child.steps_append : [])];
  delete merged.steps_append;
  delete merged.extends;
  return { merged, unknownOverrides };
}

/**
 * A document view over the merged value that locates each path in the file that set it:
 * the extending file when it has the path (by step id for steps), else the base.
 */
export function composeDocuments(merged: Mapping, child: SourceDocument, base: SourceDocument): SourceDocument {
  const childValue = child.value as Mapping;
  const baseSteps = Array.isArray((base.value as Mapping).steps) ? ((base.value as Mapping).steps as unknown[]) : [];
  const childSteps = Array.isArray(childValue.steps) ? (childValue.steps as unknown[]) : [];
  const translate = (path: DocPath): { doc: SourceDocument; path: DocPath } => {
    if (path[0] !== 'steps' || typeof path[1] !== 'number') return child.has(path) ? { doc: child, path } : { doc: base, path };
    const index = path[1];
    const rest = path.slice(2);
    if (index >= baseSteps.length) return { doc: child, path: ['steps_append', index - baseSteps.length, ...rest] };
    const id = (baseSteps[index] as Mapping | undefined)?.id;
    const overrideAt = childSteps.findIndex((s) => isMapping(s) && s.id === id);
    if (overrideAt >= 0 && (rest.length === 0 || child.has(['steps', overrideAt, ...rest]))) return { doc: child, path: ['steps', overrideAt, ...rest] };
    return { doc: base, path };
  };
  return {
    file: child.file,
    value: merged,
    has: (path) => { const t = translate(path); return t.doc.has(t.path); },
    locate: (path, options) => { const t = translate(path); return t.doc.locate(t.path, options); },
    sourceText: (path) => { const t = translate(path); return t.doc.sourceText(t.path); },
  };
}
