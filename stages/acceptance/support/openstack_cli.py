"""The real `openstack` CLI, pointed at a service by the clouds.yaml that service wrote."""
import json
import os
import subprocess
import sys


class OpenStackCLI:
    def __init__(self, clouds_yaml, cloud="sriov"):
        self.env = dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml, OS_CLOUD=cloud)
        for key in [k for k in self.env if k.startswith("OS_") and k not in ("OS_CLIENT_CONFIG_FILE", "OS_CLOUD")]:
            del self.env[key]
        self.executable = os.path.join(os.path.dirname(sys.executable), "openstack")
        self.commands = []

    def run(self, *args, expect_failure=False):
        command = [self.executable, *args]
        self.commands.append(" ".join(args))
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=180)
        if expect_failure:
            assert done.returncode != 0, f"openstack {' '.join(args)} should have failed:\n{done.stdout}"
        else:
            assert done.returncode == 0, f"openstack {' '.join(args)} failed ({done.returncode}):\n{done.stderr}"
        return done

    def json(self, *args):
        return json.loads(self.run(*args, "-f", "json").stdout)
