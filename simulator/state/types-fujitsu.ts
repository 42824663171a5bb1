import type { ContentRef, Progress } from './types.js';

// PRIMECLUSTER RMS, ETERNUS ACM and GDS parts of the site state.

export interface RmsResource {
  name: string;
  type: 'Fsystem' | 'gRes';
  mountPoint: string | null;
  /** Last mount/umount seen by the detector; the state is reported after detectMs. */
  lastChange: { to: 'Online' | 'Offline'; at: number } | null;
}

export interface UserApp {
  name: string;
  nodes: string[];
  onlineNode: string | null;
  state: 'Online' | 'Offline' | 'Faulted';
  maintenance: boolean;
  app: string | null;
  resources: RmsResource[];
}

export interface RmsState {
  apps: Record<string, UserApp>;
}

export type SyncStatus = 'executing' | 'equivalent' | 'suspend' | 'failed';

export interface AcmSession extends Progress {
  kind: 'EC' | 'OPC';
  status: SyncStatus | 'succeeded';
}

export interface AcmHistory {
  generation: number;
  version: number;
  date: number;
  bv: string;
  snapshot: string;
}

export interface AcmVolume {
  device: string;
  server: string;
  lnode: string | null;
  userApp: string | null;
  mountPoint: string | null;
  dataset: string;
  bvs: string[];
  sessions: Record<string, AcmSession>;
  history: AcmHistory[];
  maxGenerations: number;
  nextVersion: number;
}

export interface AcmState {
  volumes: Record<string, AcmVolume>;
  bvContent: Record<string, ContentRef>;
}

export interface GdsProxy {
  master: string;
  state: 'Join' | 'Part';
  copy: Progress | null;
  pjrm: 'on' | 'off';
}

export interface GdsVolume {
  name: string;
  group: string;
  blocks: number;
  firstBlock: number;
  started: boolean;
  content: ContentRef;
  proxy: GdsProxy | null;
}

export interface GdsClass {
  name: string;
  scope: string[];
  disks: Record<string, { physical: string; group: string }>;
  groups: Record<string, { disks: string[] }>;
  volumes: Record<string, GdsVolume>;
}

export interface ShadowClass {
  disks: Record<string, { physical: string; group: string | null }>;
  groups: Record<string, { disks: string[] }>;
  volumes: Record<string, { group: string; blocks: number; started: boolean; mode: 'ro' | 'rw' }>;
}

export interface GdsState {
  classes: Record<string, GdsClass>;
  /** host → shadow class name → objects; shadow objects live only in memory on that host. */
  shadows: Record<string, Record<string, ShadowClass>>;
}
