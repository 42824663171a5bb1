#!/bin/sh
# SysBack Backup Command File for the simulated site (seed 003 lines 17-19). Called
# once per split logical volume with LV, MOUNT_POINT (the offline copy, mounted
# read-only), WORK_DIR, BACKUP_DIR and MIRRORPLAN_RUN_ID. Writes the archive under
# WORK_DIR, verifies it against the copy, then moves it into BACKUP_DIR, so that
# BACKUP_DIR only ever holds complete, verified archives. Idempotent (same name).
set -eu
partial="$WORK_DIR/.partial-$LV-$MIRRORPLAN_RUN_ID.tar"
trap 'rm -f "$partial"' EXIT
tar -cf "$partial" -C "$MOUNT_POINT" .
tar -d -f "$partial" -C "$MOUNT_POINT"
mv "$partial" "$BACKUP_DIR/sysback-$LV-$MIRRORPLAN_RUN_ID.tar"
echo "backup: $LV -> $BACKUP_DIR/sysback-$LV-$MIRRORPLAN_RUN_ID.tar (verified)"
