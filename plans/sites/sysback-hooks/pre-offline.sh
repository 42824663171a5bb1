#!/bin/sh
# SysBack Pre-offline script for the simulated site (seed 003 lines 13-16: "quiesce
# mirrors before they are split ... temporarily halt a database"). Called by
# plans/sysback-offline-mirror.yaml once per logical volume, with LV set, before
# its mirror copy is split. Must be idempotent: after a crash it runs again.
set -eu
case "$LV" in
  datalv) app=fileserver ;;
  dblv) app=db ;;
  *) echo "pre-offline: no application writes to $LV"; exit 0 ;;
esac
if appctl status "$app" | grep -q " quiesced "; then echo "pre-offline: $app already quiesced"; exit 0; fi
appctl quiesce "$app"
echo "pre-offline: $app quiesced for the split of $LV"
