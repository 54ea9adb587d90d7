"""The cluster stage's own pieces: the cluster scripts/cluster.sh started (its hosts, their
processes, the shared PostgreSQL) and the ledger checks across hosts."""
