"""The structured HTTP fuzzer of sriov-compute: see tests/fuzz/run.sh and fuzz.py."""
