"""The structured HTTP fuzzer of sriov-compute: see stages/fuzz/run.sh and fuzz.py."""
