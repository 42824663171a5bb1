// Shape of the simulated site. One JSON document (DIR/state.json) holds every
// host, because the simulated objects are shared between nodes (a shared VG, a
// GDS shared class, an RMS userApplication) exactly as on real clusters.

export type HostOs = 'aix' | 'solaris';

export interface Host {
  name: string;
  os: HostOs;
  up: boolean;
}

/** What a volume holds: the application's live data, a frozen snapshot, or nothing. */
export type ContentRef =
  | { kind: 'live'; dataset: string }
  | { kind: 'snap'; snapshot: string }
  | { kind: 'empty' };

export interface Dataset {
  name: string;
  /** Number of completed application writes (mirrors DIR/data/<name>/index.dat). */
  generation: number;
}

export type AppStatus = 'running' | 'quiesced' | 'stopped';

export interface App {
  name: string;
  host: string;
  dataset: string;
  /** Mount point the app needs mounted to write; null for raw-volume apps. */
  mountPoint: string | null;
  status: AppStatus;
}

export interface Snapshot {
  id: string;
  dataset: string | null;
  generation: number;
  takenAt: number;
  /** True when no application write was in flight at the split moment. */
  consistent: boolean;
  /** Taken while the volume was open (mounted): fsck is required before mount. */
  dirty: boolean;
  origin: string;
  files: Record<string, string>;
}

/** A copy-in-progress modelled by start time; progress is computed at query time. */
export interface Progress {
  startedAt: number;
  durationMs: number;
  /** Process that waits for it (syncvg, waitsync); if it dies the copy freezes. */
  pid: number | null;
  /** Fraction reached when the waiting process died; the copy stops there. */
  frozen?: number;
  /** Last time the waiting process was seen alive (it checks in while it waits). */
  beat?: number;
}

export interface LvCopy {
  pv: string;
  stale: number;
}

export interface Lv {
  name: string;
  type: string;
  lps: number;
  copies: LvCopy[];
  sync: (Progress & { initial: number[] }) | null;
  content: ContentRef;
  label: string | null;
}

export interface Vg {
  name: string;
  id: string;
  pvs: string[];
  ppSizeMb: number;
  ppsPerPv: number;
  definedOn: string[];
  variedOnHost: string | null;
  lvs: Record<string, Lv>;
}

export interface Stanza {
  mountPoint: string;
  dev: string;
  vfs: string;
  log: string | null;
  automount: boolean;
}

export type ObjRef =
  | { kind: 'lv'; vg: string; lv: string }
  | { kind: 'gds'; cls: string; vol: string }
  | { kind: 'shadow'; host: string; cls: string; vol: string }
  | { kind: 'acm'; dev: string };

export interface Mount {
  mountPoint: string;
  device: string;
  vfs: string;
  readOnly: boolean;
  obj: ObjRef;
  /** Real files were copied to mountPoint (backup copies); live mounts stay logical. */
  materialized: boolean;
  at: number;
}

export type RgState = 'ONLINE' | 'OFFLINE' | 'ERROR' | 'UNMANAGED' | 'ACQUIRING' | 'RELEASING';

export interface ResourceGroup {
  name: string;
  nodes: string[];
  state: Record<string, RgState>;
  vgs: string[];
  apps: string[];
}

export interface HacmpState {
  cluster: string;
  clusterId: number;
  rgs: Record<string, ResourceGroup>;
}

export type {
  AcmHistory, AcmSession, AcmState, AcmVolume, GdsClass, GdsProxy, GdsState, GdsVolume, RmsResource, RmsState, ShadowClass,
  SyncStatus, UserApp,
} from './types-fujitsu.js';
import type { AcmState, GdsState, RmsState } from './types-fujitsu.js';

export interface Fault {
  command: string;
  call: number;
  action: 'fail' | 'hang' | 'slow';
  code: number;
  message: string | null;
  delayMs: number;
  host: string | null;
}

export interface Timing {
  syncvgMs: number;
  gdsCopyMs: number;
  ecCopyMs: number;
  opcCopyMs: number;
  rmsDetectMs: number;
}

/** What "healthy" means for this scenario, recorded at setup. */
export interface Baseline {
  lvCopies: Record<string, number>;
  stanzas: Record<string, string[]>;
  mounts: Record<string, string[]>;
  rgStates: Record<string, Record<string, RgState>>;
  userApps: Record<string, string | null>;
}

export interface SiteState {
  version: 1;
  scenario: string;
  dir: string;
  createdAt: number;
  timing: Timing;
  hosts: Record<string, Host>;
  datasets: Record<string, Dataset>;
  apps: Record<string, App>;
  snapshots: Record<string, Snapshot>;
  vgs: Record<string, Vg>;
  stanzas: Record<string, Record<string, Stanza>>;
  mounts: Record<string, Mount[]>;
  hacmp: HacmpState | null;
  rms: RmsState | null;
  acm: AcmState | null;
  gds: GdsState | null;
  calls: Record<string, number>;
  faults: Fault[];
  nextId: number;
  baseline: Baseline;
  /** Recent events (bounded), for humans reading `state`. */
  events: string[];
}
