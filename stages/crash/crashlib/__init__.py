"""The crash stage of sriov-compute: see stages/crash/run.sh and crash.py."""
