"""What the stages that drive the real sriov-compute binary share (stages/fuzz, stages/crash):
its configuration, the process (started, polled until it serves, killed, stopped), and a
small HTTP/JSON client. Python 3 standard library only."""
