#!/usr/bin/env bash
# Every test of the project, on a fresh machine as root: the build's Debian packages, the
# Swift tests, the HTTP fuzzer against the real binary, the crash stage (the real binary
# killed at every failpoint and at random, the ledger checked after each restart), the
# PostgreSQL stage (the store on a private cluster), the cluster stage (three hosts on one
# PostgreSQL, driven through several endpoints, raced, one of them killed), the libvirt
# integration stage (a private libvirtd and real QEMU guests), the real-VF stage (real
# SR-IOV VFs of QEMU's emulated igb in a TCG guest, hot-plugged by libvirt into a nested
# guest through vfio-pci), and the acceptance suite (a real Neutron and the real
# OpenStack clients). Each stage installs and starts what it needs and stops what it
# started; the first failure stops the run with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
started=$(date +%s)
stage() { echo; echo "== $1 ($(( $(date +%s) - started )) s)"; }

stage "bootstrap"
bash scripts/bootstrap.sh

stage "swift test"
swift build --build-tests
swift test --skip-build --disable-xctest

stage "fuzz (hostile requests against the real binary)"
bash stages/fuzz/run.sh

stage "crash (SIGKILL at every failpoint and at random, the ledger checked after each restart)"
bash stages/crash/run.sh

stage "postgres (the store and compute tests, and serve, on a private PostgreSQL)"
bash stages/postgres/run.sh

stage "cluster (three hosts on one PostgreSQL: CLI flows through several endpoints, the create race, a host killed)"
bash stages/cluster/run.sh

stage "libvirt integration"
bash stages/libvirt/run.sh

stage "real VFs (emulated igb in an L1 guest, vfio-pci into a nested L2)"
bash stages/realvf/run.sh

stage "acceptance (real Neutron, real clients)"
bash stages/acceptance/run.sh

stage "all stages passed"
