# What the stages that drive the real binary share in their run.sh (sourced; bash):
#
#   stage_begin NAME     $binary (SRIOV_COMPUTE_BIN, default <repo>/.build/debug/sriov-compute;
#                        a missing binary ends the stage as a failure), $workdir (a new
#                        temporary folder), and an EXIT trap that stops every service the
#                        Python driver left running (by the pid files its ServiceProcess
#                        keeps, stages/harness/service.py) and removes the folder
#   stage_python ARGS…   python3 -B with stages/ on PYTHONPATH, so that the stage's scripts
#                        import the shared package `harness`
#   stage_run NAME ARGS… runs the driver (stage_python ARGS…), its output also in $workdir;
#                        returns its status, or 1 when the driver died before its closing
#                        line `NAME: N passed, M failed` (which is then printed for it)

stage_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

stage_begin() {
    local name=$1
    binary="${SRIOV_COMPUTE_BIN:-$stage_repo/.build/debug/sriov-compute}"
    if [[ ! -x $binary ]]; then
        echo "$name: no executable binary at $binary (build it, or set SRIOV_COMPUTE_BIN)"
        echo "$name: 0 passed, 1 failed"
        exit 1
    fi
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/sriov-$name.XXXXXX")"
    trap stage_cleanup EXIT
}

stage_cleanup() {
    local pid_file pid
    while IFS= read -r pid_file; do
        pid="$(cat "$pid_file")"
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null
    done < <(find "$workdir" -name sriov-compute.pid 2>/dev/null)
    rm -rf "$workdir"
}

stage_python() {
    PYTHONPATH="$stage_repo/stages${PYTHONPATH:+:$PYTHONPATH}" python3 -B "$@"
}

stage_run() {
    local name=$1 status
    shift
    stage_python "$@" | tee "$workdir/$name.out"
    status=${PIPESTATUS[0]}
    if ! tail -n 1 "$workdir/$name.out" | grep -Eq "^$name: [0-9]+ passed, [0-9]+ failed\$"; then
        echo "$name: 0 passed, 1 failed"
        status=1
    fi
    return "$status"
}
