#!/usr/bin/env python3
"""Two `tmv serve` processes on one PostgreSQL database, as behind a load balancer: a person
signed in through one is signed in on the other, and a change saved through one is shown by the
other. Run by scripts/test.sh with TMV_TEST_POSTGRES set.

    TMV_TEST_POSTGRES=postgres://... python3 Tests/Browser/two_instances.py [--binary .build/debug/tmv]
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EMAIL = "two.instances@exempelkommun.example"
PASSWORD = "two instances password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, cookie=None, content_type="application/json"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": content_type} if body is not None else {}
    if cookie:
        headers["Cookie"] = cookie
    connection.request(method, path, body=body.encode("utf-8") if body is not None else None, headers=headers)
    response = connection.getresponse()
    payload = response.read().decode("utf-8", "replace")
    cookies = [value.split(";")[0] for name, value in response.getheaders() if name.lower() == "set-cookie"]
    connection.close()
    return response.status, payload, cookies


def wait_for(port, server):
    for _ in range(600):
        try:
            request(port, "GET", "/verktyg/logga-in")
            return
        except OSError:
            if server.poll() is not None:
                raise SystemExit("tmv serve stopped:\n" + server.stdout.read())
            time.sleep(0.1)
    raise SystemExit(f"tmv serve did not answer on port {port}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(PROJECT, ".build/debug/tmv"))
    args = parser.parse_args()
    database = os.environ.get("TMV_TEST_POSTGRES")
    if not database:
        raise SystemExit("two_instances.py needs TMV_TEST_POSTGRES")
    # A database of its own: the tables are dropped so the first start seeds it anew.
    subprocess.run(["psql", database, "-q", "-c",
                    "DROP TABLE IF EXISTS schema_versions, users, persisted, logos, profiles, resource_files, audit_log, sign_in_failures, catalogue_versions, drafts, pack_notices CASCADE"],
                   check=True, stderr=subprocess.DEVNULL)
    folders = [tempfile.mkdtemp(prefix="tmv-instance-") for _ in range(2)]
    ports = [free_port(), free_port()]
    subprocess.run([args.binary, "users", "add", EMAIL, "--role", "municipal-editor", "--municipality", "0000",
                    "--password-stdin", "--database", database, "--data", folders[0]],
                   input=PASSWORD + "\n", text=True, check=True, cwd=PROJECT, stdout=subprocess.DEVNULL)
    servers = [subprocess.Popen([args.binary, "serve", "--database", database, "--data", folder, "--port", str(port)],
                                cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for folder, port in zip(folders, ports)]
    failures = []
    try:
        for server, port in zip(servers, ports):
            wait_for(port, server)
        first, second = ports
        status, _, cookies = request(first, "POST", "/api/v1/session", json.dumps({"email": EMAIL, "password": PASSWORD}))
        session = next((c for c in cookies if c.startswith("tmv_session=")), None)
        if status != 200 or not session:
            failures.append(f"signing in through the first instance gave {status}")
        status, profile, _ = request(second, "GET", "/api/v1/municipalities/0000/profile", cookie=session)
        if status != 200:
            failures.append(f"the second instance does not know the session made by the first ({status})")
        changed = profile.replace("+46313900602", "031-390 06 44")
        status, _, _ = request(first, "PUT", "/api/v1/municipalities/0000/profile", changed, cookie=session)
        if status != 200:
            failures.append(f"saving through the first instance gave {status}")
        status, page, _ = request(second, "GET", "/verktyg/kommun/0000", cookie=session)
        if "031-390 06 44" not in page:
            failures.append("the second instance's page does not show the change saved through the first")
        status, pdf, _ = request(second, "GET", "/api/v1/municipalities/0000/documents/poster-victim/sv.pdf", cookie=session)
        if status != 200:
            failures.append(f"the second instance could not render the changed profile ({status})")
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    for failure in failures:
        print("  FAILED:", failure)
    if failures:
        sys.exit(1)
    print("two instances on one PostgreSQL database: a session and a change made through one are seen by the other")


if __name__ == "__main__":
    main()
