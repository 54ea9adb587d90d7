"""Waits until URL answers with STATUS (e.g. 200, or 401 behind keystonemiddleware) while
the launcher LAUNCHER_PID is alive; exits non-zero naming LOG otherwise.
usage: wait_http.py URL STATUS SECONDS LAUNCHER_PID LOG"""
import os
import sys
import time
import urllib.error
import urllib.request

url, status, seconds, launcher, log = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        os.kill(launcher, 0)
    except ProcessLookupError:
        sys.exit(f"{url}: gunicorn exited during start-up; see {log}")
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            if response.status == status:
                sys.exit(0)
    except urllib.error.HTTPError as error:
        if error.code == status:
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(f"{url} did not answer {status} within {seconds:.0f} s; see {log}")
