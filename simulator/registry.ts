import type { Handler } from './commands/types.js';
import type { HostOs } from './state/types.js';

// Command name → module and the OS it exists on. Modules are loaded lazily so
// each simulated command only pays for its own family's code at start.

interface Entry {
  load: () => Promise<Record<string, Handler>>;
  os: HostOs[];
}

const aixLvm = { load: async () => (await import('./commands/aix-lvm.js')).handlers, os: ['aix'] as HostOs[] };
const aixChange = { load: async () => (await import('./commands/aix-lvm-change.js')).handlers, os: ['aix'] as HostOs[] };
const aixFs = { load: async () => (await import('./commands/aix-fs.js')).handlers, os: ['aix'] as HostOs[] };
const fs = { load: async () => (await import('./commands/filesystem.js')).handlers, os: ['aix', 'solaris'] as HostOs[] };
const hacmp = { load: async () => (await import('./commands/hacmp.js')).handlers, os: ['aix'] as HostOs[] };
const rms = { load: async () => (await import('./commands/rms.js')).handlers, os: ['solaris'] as HostOs[] };
const acm = { load: async () => (await import('./commands/acm.js')).handlers, os: ['solaris'] as HostOs[] };
const acmStat = { load: async () => (await import('./commands/acm-status.js')).handlers, os: ['solaris'] as HostOs[] };
const gdsInfo = { load: async () => (await import('./commands/gds-info.js')).handlers, os: ['solaris'] as HostOs[] };
const gds = { load: async () => (await import('./commands/gds.js')).handlers, os: ['solaris'] as HostOs[] };
const shadow = { load: async () => (await import('./commands/gds-shadow.js')).handlers, os: ['solaris'] as HostOs[] };
const app = { load: async () => (await import('./commands/appctl.js')).handlers, os: ['aix', 'solaris'] as HostOs[] };

export const REGISTRY: Record<string, Entry> = {
  lsvg: aixLvm, lslv: aixLvm,
  mklvcopy: aixChange, syncvg: aixChange, splitlvcopy: aixChange, rmlv: aixChange,
  crfs: aixFs, rmfs: aixFs,
  mount: fs, umount: fs, fsck: fs,
  clRGinfo: hacmp, clstat: hacmp,
  hvutil: rms, hvassert: rms, hvdisp: rms, hvswitch: rms,
  swstbackup: acm, swstrestore: acm, swststartsync: acm, swstcancelsync: acm,
  swstsyncstat: acmStat, swstbackstat: acmStat, swsthistdisp: acmStat,
  sdxinfo: gdsInfo,
  sdxproxy: gds, sdxvolume: gds,
  sdxshadowdisk: shadow, sdxshadowgroup: shadow, sdxshadowvolume: shadow,
  appctl: app,
};

export const COMMAND_NAMES = Object.keys(REGISTRY).sort();
