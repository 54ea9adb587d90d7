"""One sriov-compute service of the run: its TOML configuration, a fake-sysfs host under
its own folder, the process, and the clouds.yaml it prints."""
import json
import os
import signal
import subprocess
import time

import requests


def toml_string(value):
    return json.dumps(value)


class SRIOVComputeServer:
    def __init__(self, binary, directory, port, network, fake_host="2x2x4", device_spec=None, host_name="compute0",
                 log_level="info", metrics_port=None, auth=None, keystone=None):
        """network: {"backend": "embedded"} or {"backend": "neutron", "url": ..., "timeout": ...};
        metrics_port: where `GET /metrics` answers (`[metrics] listen`), none when None;
        auth, keystone: the [auth] and [keystone] sections, if any."""
        self.auth = auth
        self.keystone = keystone
        self.log_level = log_level
        self.binary = binary
        self.directory = directory
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.compute_url = self.url + "/v2.1"
        self.network = network
        self.fake_host = fake_host
        self.device_spec = device_spec
        self.metrics_url = f"http://127.0.0.1:{metrics_port}/metrics" if metrics_port else None
        self.host_name = host_name
        self.sysfs_root = os.path.join(directory, "sys")
        self.config_path = os.path.join(directory, "sriov.toml")
        self.clouds_yaml = os.path.join(directory, "clouds.yaml")
        self.log_path = os.path.join(directory, "sriov-compute.log")
        self.pid_path = os.path.join(directory, "sriov-compute.pid")
        self.process = None

    def write_config(self):
        lines = [
            "[api]", f"listen = {toml_string(f'127.0.0.1:{self.port}')}",
            "[database]", f"url = {toml_string('sqlite:' + os.path.join(self.directory, 'sriov.sqlite'))}",
            "[host]", f"name = {toml_string(self.host_name)}", f"sysfs_root = {toml_string(self.sysfs_root)}",
            f"fake_host = {toml_string(self.fake_host)}",
            "[hypervisor]", 'driver = "simulated"',
            f"state_dir = {toml_string(os.path.join(self.directory, 'hypervisor'))}",
            "[network]",
        ]
        lines += [f"{key} = {toml_string(value)}" for key, value in self.network.items()]
        if self.metrics_url:
            lines += ["[metrics]", f"listen = {toml_string(self.metrics_url.split('/')[2])}"]
        for section, values in (("auth", self.auth), ("keystone", self.keystone)):
            if values:
                lines += [f"[{section}]"] + [f"{key} = {toml_string(value)}" for key, value in values.items()]
        if self.device_spec is not None:
            lines += ["[pci]", "device_spec = [" + ", ".join(toml_string(json.dumps(s)) for s in self.device_spec) + "]"]
        with open(self.config_path, "w") as config:
            config.write("\n".join(lines) + "\n")

    def start(self):
        os.makedirs(self.directory, exist_ok=True)
        self.write_config()
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--config", self.config_path, "--clouds-yaml", self.clouds_yaml, "--log-level", self.log_level],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        with open(self.pid_path, "w") as pidfile:
            pidfile.write(str(self.process.pid))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sriov-compute exited with {self.process.returncode} during start-up:\n{self.log()}")
            try:
                if requests.get(self.url + "/", timeout=2).status_code == 200 and os.path.exists(self.clouds_yaml):
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"sriov-compute did not answer on {self.url} within 60 s:\n{self.log()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if os.path.exists(self.pid_path):
            os.remove(self.pid_path)

    def log(self):
        with open(self.log_path, errors="replace") as log:
            return log.read()[-4000:]
