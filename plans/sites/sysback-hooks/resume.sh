#!/bin/sh
# Restarts what pre-offline.sh halted (seed 003 lines 17-19: the Backup Command File
# "may also ... restart a database that was halted before the mirrors were split";
# the plan runs this right after the split and on rollback). Idempotent.
set -eu
case "$LV" in
  datalv) app=fileserver ;;
  dblv) app=db ;;
  *) exit 0 ;;
esac
if appctl status "$app" | grep -q " running "; then echo "resume: $app already running"; exit 0; fi
appctl resume "$app"
echo "resume: $app running again"
