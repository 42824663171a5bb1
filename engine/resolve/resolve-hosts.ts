import type { Diagnostic } from '../errors/diagnostic.js';
import type { MirrorplanPlan } from '../load/plan-types.generated.js';
import { findClosestName } from '../validate/closest-name.js';
import { PLAN_DEFAULTS } from './defaults.js';
import type { LoadedSite } from './load-site.js';
import type { ResolvedHost } from './resolved-plan.js';

/** Site values are data, not templates: a ${HOME} there must reach the command as written. */
function literal(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v?.replace(/\$\{/g, () => '$${')]));
}

/** The plan's hosts with the site inventory merged over them; a plan without hosts runs on one implicit local host. */
export function resolveHosts(plan: MirrorplanPlan, site: LoadedSite | null, knownTransports: readonly string[]) {
  const hosts: Record<string, ResolvedHost> = {};
  const diagnostics: Diagnostic[] = [];
  const declared = plan.hosts && Object.keys(plan.hosts).length > 0 ? plan.hosts : { [PLAN_DEFAULTS.implicitHost]: {} };
  for (const [name, host] of Object.entries(declared)) {
    const local = site?.site.hosts?.[name];
    hosts[name] = {
      name,
      transport: local?.transport ?? host?.transport ?? PLAN_DEFAULTS.transport,
      address: local?.address ?? host?.address ?? null,
      user: local?.user ?? host?.user ?? null,
      port: local?.port ?? host?.port ?? null,
      env: Object.fromEntries(Object.entries({ ...(host?.env ?? {}), ...literal(local?.env ?? {}) }).filter((e): e is [string, string] => e[1] !== undefined)),
    };
    const resolved = hosts[name];
    if (resolved && !knownTransports.includes(resolved.transport)) {
      diagnostics.push({ code: 'HOST_UNKNOWN_TRANSPORT', severity: 'error', host: name, file: site?.file,
        message: `host "${name}" uses transport "${resolved.transport}", which this engine does not have`, expected: knownTransports.join(', ') });
    }
    if (resolved && resolved.transport !== 'local' && !resolved.address) {
      diagnostics.push({ code: 'HOST_NO_ADDRESS', severity: 'error', host: name, message: `host "${name}" uses ${resolved.transport} but has no address`, hint: `give hosts.${name}.address in the site file` });
    }
  }
  for (const name of Object.keys(site?.site.hosts ?? {})) {
    if (hosts[name] || !site) continue;
    const closest = findClosestName(name, Object.keys(hosts));
    diagnostics.push({ code: 'HOST_UNKNOWN', severity: 'error', ...site.document.locate(['hosts', name], { key: true }),
      message: `the site file describes host "${name}", which the plan does not use`, hint: closest ? `did you mean "${closest}"?` : `the plan's hosts are: ${Object.keys(hosts).join(', ')}` });
  }
  return { hosts, diagnostics };
}
