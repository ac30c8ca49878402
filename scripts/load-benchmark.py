#!/usr/bin/env python3
"""Load benchmark for the web tool: 50 communicators signed in at once, each saving a profile
change and fetching a poster preview (PNG) and a PDF, for a minute. Prints figures; asserts
nothing (speed is shown, not tested).

    python3 scripts/load-benchmark.py [--users 50] [--seconds 60] [--binary .build/release/tmv]

Each communicator has her own fictional municipality (codes 9000-9049, copies of Exempelkommun),
signs in through the API (all 50 at the same moment), and loops: read the profile, save it with
one number changed (a new revision, so the next previews are drawn anew), fetch a preview PNG
(72 dpi, as the preview page shows it) and the PDF of a random document and language, waiting
1-3 s after each request as a person reading the page would.
The server's memory (RSS) is sampled every 2 s.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCUMENTS = ["poster-victim", "poster-relative", "poster-perpetrator", "brochure-children"]
LANGUAGES = ["sv", "ar", "prs", "en", "fi", "yi", "fit", "rom", "se", "so", "ckb"]
PASSWORD = "load benchmark password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def prepare(binary, data, users):
    """A Resources folder with the users' municipalities, imported into a fresh database."""
    folder = os.path.join(data, "import", "Resources")
    shutil.copytree(os.path.join(PROJECT, "Resources"), folder, ignore=shutil.ignore_patterns("profiles"))
    sample = os.path.join(PROJECT, "Resources/profiles/exempelkommun")
    with open(os.path.join(sample, "profile.yaml"), encoding="utf-8") as handle:
        text = handle.read()
    for index in range(users):
        code = f"{9000 + index}"
        target = os.path.join(folder, "profiles", f"load-{code}")
        os.makedirs(target)
        shutil.copy(os.path.join(sample, "logo.svg"), target)
        with open(os.path.join(target, "profile.yaml"), "w", encoding="utf-8") as handle:
            handle.write(text.replace('code: "0000"', f'code: "{code}"').replace("name: Exempelkommun", f"name: Lastkommun {index + 1}"))
    subprocess.run([binary, "import", folder, "--data", data], check=True, cwd=PROJECT, stdout=subprocess.DEVNULL)
    for index in range(users):
        subprocess.run([binary, "users", "add", f"user{index}@load.example", "--role", "municipal-editor",
                        "--municipality", f"{9000 + index}", "--password-stdin", "--data", data],
                       input=PASSWORD + "\n", text=True, check=True, cwd=PROJECT, stdout=subprocess.DEVNULL)


def start_server(binary, data, port):
    started = time.perf_counter()
    server = subprocess.Popen([binary, "serve", "--data", data, "--port", str(port)], cwd=PROJECT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/verktyg/logga-in")
            connection.getresponse().read()
            return server, time.perf_counter() - started
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the web tool stopped:\n" + server.stdout.read())
            time.sleep(0.01)


class Communicator(threading.Thread):
    def __init__(self, index, port, until, results, lock):
        super().__init__(daemon=True)
        self.index, self.port, self.until, self.results, self.lock = index, port, until, results, lock
        self.code = f"{9000 + index}"
        self.cookie = ""
        self.random = random.Random(index)

    def request(self, kind, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"Cookie": self.cookie} if self.cookie else {}
        all_headers.update(headers or {})
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body.encode("utf-8") if isinstance(body, str) else body, headers=all_headers)
            response = connection.getresponse()
            payload = response.read()
            elapsed = time.perf_counter() - started
            ok = 200 <= response.status < 300
            for name, value in response.getheaders():
                if name.lower() == "set-cookie" and value.startswith("tmv_session="):
                    self.cookie = value.split(";")[0]
        except OSError as error:
            elapsed, ok, payload = time.perf_counter() - started, False, str(error).encode()
            response = None
        finally:
            connection.close()
        with self.lock:
            self.results.setdefault(kind, []).append(elapsed)
            if not ok:
                self.results.setdefault("failures", []).append(f"{kind} {path}: {response.status if response else payload[:80]}")
        return payload if ok else None

    def run(self):
        self.request("sign-in", "POST", "/api/v1/session",
                     json.dumps({"email": f"user{self.index}@load.example", "password": PASSWORD}),
                     {"Content-Type": "application/json"})
        flip = False
        base = f"/api/v1/municipalities/{self.code}"
        while time.time() < self.until:
            profile = self.request("profile read", "GET", f"{base}/profile")
            self.think()
            if profile:
                flip = not flip
                text = profile.decode().replace("+46313900602", "031-390 06 1" + ("1" if flip else "2"))
                text = text.replace("+46313900611", "031-390 06 1" + ("1" if flip else "2")).replace("+46313900612", "031-390 06 1" + ("1" if flip else "2"))
                self.request("profile save", "PUT", f"{base}/profile", text, {"Content-Type": "application/json"})
                self.think()
            document = self.random.choice(DOCUMENTS)
            language = self.random.choice(LANGUAGES)
            self.request("preview PNG", "GET", f"{base}/documents/{document}/{language}.png?dpi=72&page=1")
            self.think()
            self.request("PDF", "GET", f"{base}/documents/{document}/{language}.pdf")
            self.think()

    def think(self):
        """A person reads what she got before the next click: 1 to 3 seconds."""
        time.sleep(self.random.uniform(1.0, 3.0))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--binary", default=os.path.join(PROJECT, ".build/release/tmv"))
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="tmv-load-")
    port = free_port()
    print(f"Preparing {args.users} municipalities and accounts in {data} ...", flush=True)
    prepare(args.binary, data, args.users)
    server, first_start = start_server(args.binary, data, port)
    server.terminate()
    server.wait()
    server, ready = start_server(args.binary, data, port)
    print(f"tmv serve answers {ready * 1000:.0f} ms after it was started on an existing database "
          f"(first start {first_start * 1000:.0f} ms)")
    results, lock, memory = {}, threading.Lock(), []
    until = time.time() + args.seconds
    communicators = [Communicator(index, port, until, results, lock) for index in range(args.users)]
    started = time.time()
    for communicator in communicators:
        communicator.start()
    while any(c.is_alive() for c in communicators):
        memory.append(rss_mb(server.pid))
        time.sleep(2)
    duration = time.time() - started
    memory = [m for m in memory if m]
    server.terminate()
    server.wait()
    total = sum(len(v) for k, v in results.items() if k != "failures")
    failures = results.get("failures", [])
    print(f"\n{args.users} communicators for {args.seconds} s: {total} requests in {duration:.0f} s "
          f"({total / duration:.1f} per second), {len(failures)} failed")
    print(f"{'request':<14} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind in ["sign-in", "profile read", "profile save", "preview PNG", "PDF"]:
        values = results.get(kind, [])
        if values:
            print(f"{kind:<14} {len(values):>6} {statistics.median(values) * 1000:>8.1f} {percentile(values, 0.95) * 1000:>8.1f} "
                  f"{percentile(values, 0.99) * 1000:>8.1f} {max(values) * 1000:>8.1f}")
    if memory:
        # Every ~30 s (a sample every 2 s): flat once the bounded caches have filled.
        timeline = ", ".join(f"{index * 2} s: {value:.0f}" for index, value in enumerate(memory) if index % 15 == 0)
        print(f"server memory (RSS, MB) over time: {timeline}")
        third = max(1, len(memory) // 3)
        print(f"server memory (RSS): first samples {statistics.mean(memory[:third]):.0f} MB, "
              f"last samples {statistics.mean(memory[-third:]):.0f} MB, peak {max(memory):.0f} MB")
    for failure in failures[:10]:
        print("  failed:", failure)
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
