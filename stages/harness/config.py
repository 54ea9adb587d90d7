"""The service's TOML configuration for a stage: everything under one folder (SQLite
database, fake sysfs tree, the simulated hypervisor's domain files), the embedded network
(or the `[network]` keys given), the simulated hypervisor on a generated fake host, on a
free loopback port."""
import argparse
import json
import os
import socket
from dataclasses import dataclass

HOST = "127.0.0.1"


def stage_arguments(description, workdir_help):
    """The options every stage's driver takes from its run.sh (stages/harness/stage.sh):
    the binary, the folder for the services' state, and the seed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--workdir", required=True, help=workdir_help)
    parser.add_argument("--seed", type=int, required=True)
    return parser


def free_port():
    """A port nobody listens on: bind to port 0 and read what the kernel chose."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class ServiceLayout:
    """Where one service's state lives below `directory`."""
    directory: str
    port: int
    host_name: str

    @property
    def config_path(self):
        return os.path.join(self.directory, "sriov.toml")

    @property
    def database_path(self):
        return os.path.join(self.directory, "sriov.sqlite")

    @property
    def sysfs_root(self):
        return os.path.join(self.directory, "sys")

    @property
    def hypervisor_dir(self):
        return os.path.join(self.directory, "hypervisor")

    def write(self, fake_host, removal_delay="10ms", network=None, database_url=None):
        """Writes the configuration; `fake_host` is `NODESxPFSxVFS` (PFs per node);
        `network`: the `[network]` keys (default: the embedded network); `database_url`: a
        `postgres://` URL for the compute store (default: the SQLite file)."""
        network_keys = "".join(f"{key} = {json.dumps(value)}\n" for key, value in (network or {"backend": "embedded"}).items())
        os.makedirs(self.directory, exist_ok=True)
        with open(self.config_path, "w") as config:
            config.write(f"""[api]
listen = "{HOST}:{self.port}"
[database]
url = "{database_url or 'sqlite:' + self.database_path}"
{f'path = "{self.database_path}"' if database_url else ""}
[host]
name = "{self.host_name}"
sysfs_root = "{self.sysfs_root}"
fake_host = "{fake_host}"
[hypervisor]
driver = "simulated"
state_dir = "{self.hypervisor_dir}"
removal_delay = "{removal_delay}"
[network]
{network_keys}""")
        return self.config_path
