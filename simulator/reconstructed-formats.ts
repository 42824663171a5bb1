// Every output format or message that the command reference tags [R]
// (reconstructed, unverified) lives here, so that whoever gets a real system can
// correct it in one place. Each entry cites the reference section. Verified
// ([V]/[D]/[S]/[T]) formats stay next to the command that prints them.

export interface Msg {
  code: number;
  text: string;
}

export const R = {
  // ref A.1: unknown VG (message number and text from recollection).
  lsvgNoVg: (vg: string): Msg => ({
    code: 1, text: `0516-306 lsvg: Unable to find volume group ${vg} in the Device Configuration Database.`,
  }),
  // ref A.2: unknown LV.
  lslvNoLv: (lv: string): Msg => ({
    code: 1,
    text: `0516-306 getlvodm: Unable to find  ${lv} in the Device Configuration Database.\n0516-1147 lslv: Unable to find logical volume ${lv}.`,
  }),
  // ref A.2: lslv -l COPIES rendering.
  lslvCopies: (c: number[]): string => c.map((n) => String(n).padStart(3, '0')).join(':'),
  // ref A.1/A.3/A.4/A.5/A.8: usage messages print the documented syntax; the
  // "Usage:" wording and exit code 1 are reconstructed.
  usage: (cmd: string, synopsis: string): Msg => ({ code: 1, text: `${cmd}: ${'Usage:'} ${synopsis}` }),
  illegalOption: (cmd: string, detail: string): string => `${cmd}: ${detail}`,
  // ref A.3: mklvcopy errors.
  mklvcopyNotMore: (lv: string): Msg => ({
    code: 1, text: `0516-1520 mklvcopy: The number of copies for logical volume ${lv} must be greater than the current number of copies.`,
  }),
  mklvcopyTooMany: (): Msg => ({ code: 1, text: '0516-1508 mklvcopy: The maximum number of copies is 3.' }),
  mklvcopyNoSpace: (): Msg => ({
    code: 1,
    text: '0516-404 allocp: This system cannot fulfill the allocation request. There are not enough free partitions or not enough physical volumes to keep strictness and satisfy allocation requests. The command should be retried with different allocation characteristics.\n0516-1510 mklvcopy: Unable to create the copies.',
  }),
  noLv: (cmd: string, lv: string): Msg => ({
    code: 1, text: `0516-306 getlvodm: Unable to find  ${lv} in the Device Configuration Database.\n0516-1202 ${cmd}: Logical volume ${lv} not found.`,
  }),
  vgNotVariedOn: (cmd: string, vg: string): Msg => ({
    code: 1, text: `0516-010 ${cmd}: Volume group ${vg} must be varied on; use varyonvg command.`,
  }),
  // ref A.4: syncvg without a good copy.
  syncvgNoGoodCopy: (lv: string): Msg => ({ code: 1, text: `0516-932 syncvg: Unable to synchronize logical volume ${lv}.` }),
  // ref A.5: splitlvcopy has no message catalog (English only, no numbers).
  splitNoCopies: (lv: string): Msg => ({
    code: 1, text: `splitlvcopy: Logical volume ${lv} must have more copies than the number of copies requested to remain.`,
  }),
  splitStale: (lv: string): Msg => ({
    code: 1, text: `splitlvcopy: Logical volume ${lv} has stale partitions; synchronize it before splitting.`,
  }),
  splitNameUsed: (name: string): Msg => ({ code: 1, text: `splitlvcopy: Logical volume name ${name} is already in use.` }),
  splitNoPv: (lv: string, pv: string): Msg => ({ code: 1, text: `splitlvcopy: Logical volume ${lv} has no copy on ${pv}.` }),
  splitOpenPrompt: (lv: string): string =>
    `splitlvcopy: Logical volume ${lv} is open. Splitting an open logical volume may cause\ndata corruption. Do you wish to continue? y(es) n(o)? `,
  splitDeclined: (): Msg => ({ code: 1, text: 'splitlvcopy: Command terminated by user.' }),
  // ref A.8: rmlv on an open LV.
  rmlvOpen: (lv: string): Msg => ({
    code: 1,
    text: `0516-1008 rmlv: Logical volume ${lv} must be closed.  If the logical volume contains a filesystem, the umount command will close the LV device.\n0516-912 rmlv: Unable to remove logical volume ${lv}.`,
  }),
  // ref A.9: file-system commands.
  crfsExists: (mp: string): Msg => ({ code: 1, text: `crfs: 0506-909 ${mp} file system already exists.` }),
  crfsNoLv: (lv: string): Msg => ({ code: 1, text: `crfs: 0506-910 Logical volume ${lv} does not exist.` }),
  rmfsMounted: (mp: string): Msg => ({ code: 1, text: `rmfs: 0506-921 ${mp} is currently mounted.` }),
  rmfsNoFs: (mp: string): Msg => ({ code: 1, text: `rmfs: 0506-915 No record matching ${mp} was found in /etc/filesystems.` }),
  mountNoPoint: (dev: string, mp: string): Msg => ({
    code: 1, text: `mount: 0506-324 Cannot mount ${dev} on ${mp}: A file or directory in the path name does not exist.`,
  }),
  mountNotEmpty: (mp: string): Msg => ({
    code: 1, text: `mount: ${mp}: mount point is not empty (simulator refuses to hide files there).`,
  }),
  mountBusy: (dev: string, mp: string): Msg => ({
    code: 1, text: `mount: 0506-324 Cannot mount ${dev} on ${mp}: There is a request to a device or address that does not exist.`,
  }),
  mountDirty: (dev: string, mp: string): Msg => ({
    code: 1, text: `mount: 0506-324 Cannot mount ${dev} on ${mp}: The media is not formatted or the format is not correct.\n0506-342 The superblock on ${dev} is dirty.  Run a full fsck to fix.`,
  }),
  mountUnknown: (what: string): Msg => ({ code: 1, text: `mount: 0506-334 ${what} is not a known file system.` }),
  mountAlready: (dev: string, mp: string): Msg => ({
    code: 1, text: `mount: 0506-324 Cannot mount ${dev} on ${mp}: The requested resource is busy.`,
  }),
  umountNothing: (what: string): Msg => ({ code: 1, text: `umount: 0506-347 Cannot find anything to unmount (${what}).` }),
  fsckNoDev: (dev: string): Msg => ({ code: 8, text: `fsck: 0506-508 Cannot open ${dev}: No such device or address` }),
  fsckMounted: (dev: string): Msg => ({ code: 8, text: `fsck: 0506-507 ${dev} is mounted; file system cannot be checked.` }),
  fsckReadOnly: (dev: string): Msg => ({ code: 8, text: `fsck: cannot open ${dev} for writing: Read-only file system` }),
  fsckReport: (dev: string, mp: string, files: number): string =>
    [
      `** Checking ${dev} (${mp})`, '** Phase 0 - Check Log', '** Phase 1 - Check Blocks and Sizes',
      '** Phase 2 - Check Pathnames', '** Phase 3 - Check Connectivity', '** Phase 4 - Check Reference Counts',
      '** Phase 5 - Check Inode Map', '** Phase 6 - Check Block Map', `${files} files ${files * 8} blocks ${65536 - files * 8} free`,
    ].join('\n'),
  // ref A.9: AIX `mount` table rows (header is [V]); date/options columns reconstructed.
  mountRow: (dev: string, mp: string, vfs: string, date: string, opts: string): string =>
    `         ${dev.padEnd(16)} ${mp.padEnd(16)} ${vfs.padEnd(6)} ${date.padEnd(12)} ${opts}`,
  // ref B.2: clRGinfo dashed rules and the no-cluster error.
  clRGinfoRule: '-----------------------------------------------------------------------------',
  // ref B.2: -s trailing policy fields after group:state:node.
  clRGinfoColon: (rg: string, st: string, node: string): string => `${rg}:${st}:${node}:non-concurrent:OHN:FNPN:NFB:ignore:::`,
  clRGinfoDown: (): Msg => ({ code: 1, text: 'Cluster services are not active on any node.' }),
  clRGinfoNoRg: (rg: string): Msg => ({ code: 1, text: `ERROR: Resource group ${rg} is not configured.` }),
  // ref B.3: clstat -o layout.
  clstatHeader: (cluster: string, id: number, up: number): string[] => [
    '                clstat - HACMP Cluster Status Monitor', '                -------------------------------------', '',
    `Cluster: ${cluster}  (${id})`, `State: UP               Nodes: ${up}`, 'SubState: STABLE', '',
  ],
  // ref D.3: hvdisp layout.
  hvdispHeader: (local: string): string[] => [
    `Local System:  ${local}`, 'Configuration: /opt/SMAW/SMAWRrms/build/config.us', '',
    'Resource                Type    HostName            State        StateDetails',
    '-------------------------------------------------------------------------------',
  ],
  hvdispRow: (res: string, type: string, host: string, st: string, details: string): string =>
    `${res.padEnd(24)}${type.padEnd(8)}${host.padEnd(20)}${st.padEnd(13)}${details}`.trimEnd(),
  // ref D.2/D.4: hvutil/hvassert errors and exit codes.
  rmsNoResource: (cmd: string, res: string): Msg => ({ code: 2, text: `${cmd}: resource ${res} does not exist` }),
  hvassertFalse: 1,
  hvassertUsage: (): Msg => ({
    code: 2,
    text: 'usage: hvassert [-q] -s resource resource_state\n       hvassert [-q] -w resource resource_state timeout\n       hvassert [-q] -d resource state_details',
  }),
  hvutilUsage: (): Msg => ({
    code: 2, text: 'usage: hvutil -m { on | off | forceoff } userApplication\n       hvutil -M { on | off | forceoff }',
  }),
  hvutilOffRefused: (app: string, bad: string[]): Msg => ({
    code: 1,
    text: `hvutil: Cannot stop maintenance mode of ${app}: the following resources are not in the state they had before maintenance mode: ${bad.join(', ')}`,
  }),
  hvutilNotMaint: (app: string): Msg => ({ code: 1, text: `hvutil: ${app} is not in maintenance mode.` }),
  hvutilFaulted: (app: string): Msg => ({ code: 1, text: `hvutil: ${app} is Faulted; clear the fault first (hvutil -c).` }),
  // ref E: ACM status lines and messages (swstNNNN numbers reconstructed; swst0601 is [V]).
  swstCancelDone: (dev: string): string => `${dev} swstcancelsync completed`,
  swstNoDevice: (cmd: string, dev: string): Msg => ({
    code: 2, text: `swst0301 The device ${dev} is not registered as a transaction volume. (${cmd})`,
  }),
  swstNotEquivalent: (dev: string): Msg => ({
    code: 2, text: `swst0724 Synchronous processing of ${dev} is not in the equivalency maintenance state.`,
  }),
  swstAlreadySync: (dev: string): Msg => ({ code: 2, text: `swst0718 Synchronous processing of ${dev} is already in progress.` }),
  swstNoSync: (dev: string): Msg => ({ code: 2, text: `swst0727 There is no synchronous processing for ${dev}.` }),
  swstNoBackupVolume: (dev: string): Msg => ({ code: 2, text: `swst0740 No backup volume is available for ${dev}.` }),
  swstNoHistory: (dev: string): Msg => ({ code: 2, text: `swst0709 There is no backup history for ${dev}.` }),
  swstWrongNode: (dev: string, node: string): Msg => ({
    code: 2,
    text: `swst0602 ${dev} belongs to logical node ${node}; set SWSTGNODE=${node} and run on the node where its cluster transaction is Online.`,
  }),
  swstPreFailed: (dev: string): Msg => ({ code: 2, text: `swst0306 The pre-processing script for ${dev} ended abnormally (mount point busy).` }),
  swstUsage: (cmd: string, synopsis: string): Msg => ({ code: 2, text: `swst0101 Usage: ${cmd} ${synopsis}` }),
  // ref E.3/E.5: table headers.
  swstTableHeader: 'Server Transaction-Disk  Backup-Disk       Status     Execute',
  swstRow: (srv: string, tv: string, bv: string, st: string, ex: string): string =>
    `${srv.padEnd(6)} ${tv.padEnd(17)} ${bv.padEnd(17)} ${st.padEnd(10)} ${ex}`,
  swsthistHeader: (srv: string, dev: string, mp: string): string[] => [
    `Server=${srv} Device=${dev} Mount-Point=${mp} (ufs)`, 'Generation Version Backup-Date      Backup-Device     Status     Execute',
  ],
  // ref F.2: sdxinfo columns beyond the ones shown verbatim in seed 004.
  sdxVolumeHeader: 'OBJ    NAME    CLASS   GROUP   SKIP JRM 1STBLK   LASTBLK  BLOCKS   STATUS',
  sdxVolumeRule: '------ ------- ------- ------- ---- --- -------- -------- -------- --------',
  sdxLongTail: ['PJRM', 'FUNC', 'MODE', 'STATUS'],
  sdxClassHeader: 'OBJ   NAME    TYPE   SCOPE        SPARE',
  sdxDiskHeader: 'OBJ    NAME    TYPE   CLASS   GROUP   DEVNAM  DEVBLKS  DEVCONNECT    STATUS',
  sdxGroupHeader: 'OBJ    NAME    CLASS   DISKS                   BLKS     FREEBLKS SPARE',
  // ref F.1: sdx* failure format and exit code.
  sdxError: (cmd: string, text: string): Msg => ({ code: 1, text: `SDX:${cmd}: ERROR: ${text}` }),
  sdxUsage: (cmd: string, synopsis: string): Msg => ({ code: 1, text: `SDX:${cmd}: ERROR: syntax error\nusage: ${synopsis}` }),
  // ref F.1/F.3/F.6: sdx* error details (catalog not retrieved).
  sdxText: {
    noClass: (c: string) => `class ${c} does not exist`,
    noVolume: (v: string) => `volume ${v} does not exist`,
    notProxy: (v: string) => `${v} is not a proxy volume`,
    alreadyRelated: (v: string) => `${v} is already related to a master or proxy`,
    sameGroup: (m: string, p: string) => `master ${m} and proxy ${p} belong to the same group`,
    notJoined: (v: string) => `proxy volume ${v} is not joined`,
    notParted: (v: string) => `proxy volume ${v} is not parted`,
    copying: (v: string) => `synchronization copying of ${v} is in process`,
    inUse: (v: string) => `${v}: volume is in use`,
    joinedNoStart: (v: string) => `${v}: a proxy volume joined to a master cannot be started`,
    unsupported: (what: string) => `${what}: operation not provided by the mirrorplan simulator`,
    shadowExists: (o: string) => `${o} already exists`,
    shadowMissing: (o: string) => `${o} does not exist`,
    shadowBusy: (o: string) => `${o} is in use`,
    noDisk: (d: string) => `physical disk ${d} is not found`,
    sizeMismatch: (v: string) => `${v}: size must be a positive number of blocks`,
  },
} as const;
