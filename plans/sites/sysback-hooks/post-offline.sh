#!/bin/sh
# SysBack Post-offline script for the simulated site (seed 003 lines 20-21:
# "application tasks or other tasks as desired"): reports the applications.
set -eu
appctl status
