import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MirrorplanPlan, Parameter } from '../load/plan-types.generated.js';
import { PLAN_DEFAULTS } from '../resolve/defaults.js';

/** The installed (or checked-out) schemas/site.schema.json: found upward from this module, in dist/ or in the sources. */
export function siteSchemaPath(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = resolve(dir, 'schemas', 'site.schema.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

/**
 * The modeline's schema reference: relative to the site file when both live under a common
 * directory other than the root (a checkout, a config tree), else absolute: a path climbing
 * to / from /etc/mirrorplan into /usr/lib/node_modules would break when either moves.
 */
export function schemaReference(siteFile: string, schema: string): string {
  // Relative only for a site file inside the package that holds the schema (a checkout); elsewhere
  // (/etc, a home directory, another checkout) the absolute path survives moving either tree.
  const packageRoot = dirname(dirname(resolve(schema)));
  const fromRoot = relative(packageRoot, resolve(siteFile));
  const inside = fromRoot !== '' && !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
  return inside ? relative(dirname(resolve(siteFile)), schema).split(sep).join('/') : schema;
}

/** Comment text wrapped to about 88 columns, each line behind `prefix`: long plan descriptions stay readable in an editor. */
function commentLines(prefix: string, text: string, width = 88): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (line && prefix.length + line.length + word.length + 1 > width) { out.push(`${prefix}${line}`); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(`${prefix}${line}`);
  return out;
}

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** A value as YAML: plain when that reads back the same, else JSON (which is valid YAML flow syntax). */
export function yamlValue(value: unknown): string {
  if (typeof value === 'string') return /^[A-Za-z/_][\w./@:-]*$/.test(value) && !RESERVED.test(value) && !value.includes(': ') ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(yamlValue).join(', ')}]`;
  return JSON.stringify(value) ?? 'null';
}

function exampleOf(spec: Parameter): unknown {
  if (spec.example !== undefined) return spec.example;
  if (spec.default !== undefined) return spec.default;
  if (spec.enum) return spec.enum[0];
  switch (spec.type) {
    case 'integer': case 'number': return spec.minimum ?? 1;
    case 'boolean': return true;
    case 'array': return [spec.items?.enum?.[0] ?? 'value'];
    default: return 'value';
  }
}

function typeNote(spec: Parameter): string {
  const notes: string[] = [spec.type === 'array' ? `array of ${spec.items?.type ?? 'string'}` : spec.type];
  if (spec.enum) notes.push(`one of ${spec.enum.map(String).join(', ')}`);
  if (spec.pattern) notes.push(`pattern ${spec.pattern}`);
  if (spec.minimum !== undefined || spec.maximum !== undefined) notes.push(`${spec.minimum ?? '...'}..${spec.maximum ?? '...'}`);
  if (spec.secret) notes.push('SECRET: masked in output; keep this file private or pass it with -p');
  return notes.join(', ');
}

function parameterLines(plan: MirrorplanPlan): string[] {
  const entries = Object.entries(plan.parameters ?? {}).flatMap(([name, spec]) => (spec ? [[name, spec] as const] : []));
  if (entries.length === 0) return ['# The plan has no parameters.'];
  const required = entries.filter(([, s]) => s.default === undefined);
  // A key with only comments under it is null, which the schema refuses: with nothing required, the block stays commented.
  const lines = [required.length ? 'parameters:' : '# parameters:   (uncomment this line and the values you change)'];
  for (const [name, spec] of entries) {
    lines.push('');
    if (spec.description) lines.push(...commentLines('  # ', `${name}: ${spec.description}`));
    lines.push(`  #   type: ${typeNote(spec)}`);
    if (spec.default === undefined) {
      lines.push(`  #   REQUIRED; for example: ${yamlValue(exampleOf(spec))}`);
      lines.push(`  ${name}: null   # <- REQUIRED: replace null with the value (validate --site reports every null left)`);
    } else {
      lines.push(`  #   default: ${yamlValue(spec.default)}${spec.example !== undefined ? `; for example: ${yamlValue(spec.example)}` : ''}`);
      lines.push(`  # ${name}: ${yamlValue(spec.default)}`);
    }
  }
  return lines;
}

function hostLines(plan: MirrorplanPlan): string[] {
  const declared = plan.hosts && Object.keys(plan.hosts).length > 0 ? plan.hosts : { [PLAN_DEFAULTS.implicitHost]: {} };
  const lines = ['hosts:'];
  for (const [name, host] of Object.entries(declared)) {
    const transport = host?.transport ?? PLAN_DEFAULTS.transport;
    lines.push('');
    lines.push(`  # ${name}${host?.description ? `: ${host.description.replace(/\s*\n\s*/g, ' ')}` : ''}`);
    lines.push(`  ${name}:`);
    // transport stays active so the host's mapping is never empty (null) after init.
    lines.push(`    transport: ${yamlValue(transport)}   # local (this machine) or ssh`);
    const needsAddress = transport !== 'local' && !host?.address;
    lines.push(`    # address: ${host?.address ? yamlValue(host.address) : `${name}.example.com`}${needsAddress ? '   # <- REQUIRED for ssh' : '   # for ssh: host name or address'}`);
    lines.push(`    # user: ${host?.user ? yamlValue(host.user) : 'root'}`);
    lines.push(`    # port: ${host?.port ?? 22}`);
    const env = Object.entries(host?.env ?? {});
    lines.push('    # env:   (added to every command on this host, over the plan\'s)');
    if (env.length) for (const [k, v] of env) lines.push(`    #   ${k}: ${yamlValue(v)}`);
    else lines.push('    #   PATH: /usr/sbin:/usr/bin');
  }
  return lines;
}

/** A commented site file for a plan: what `mirrorplan init` writes. */
export function renderSiteTemplate(plan: MirrorplanPlan, options: { planFile: string; siteFile: string; schema: string | null }): string {
  const lines: string[] = [];
  if (options.schema) lines.push(`# yaml-language-server: $schema=${schemaReference(options.siteFile, options.schema)}`);
  lines.push(`# Site file for plan "${plan.name}", written by mirrorplan init from ${options.planFile}.`);
  if (plan.description) lines.push(...commentLines('# ', plan.description));
  lines.push('#', '# Replace every null marked REQUIRED, uncomment the values you change, check the hosts, then:');
  lines.push(`#   mirrorplan validate ${options.planFile} --site ${options.siteFile}`);
  lines.push(`#   mirrorplan preview ${options.planFile} --site ${options.siteFile}`);
  lines.push('mirrorplan_site: 1', `plan: ${yamlValue(plan.name)}`, '# description: which cluster and site this file describes', '');
  lines.push(...parameterLines(plan), '', ...hostLines(plan));
  return `${lines.join('\n')}\n`;
}
