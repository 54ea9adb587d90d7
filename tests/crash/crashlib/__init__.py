"""The crash stage of sriov-compute: see tests/crash/run.sh and crash.py."""
