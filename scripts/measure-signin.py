#!/usr/bin/python3
"""Measures a coach's sign-in while eight clients post wrong passwords.

Starts `stepwise serve` on a fresh log on 127.0.0.1, adds one coach, then:
1. idle: the coach signs in N times, one after the other;
2. attack: eight clients, each from its own loopback address (127.0.0.11-18),
   post wrong passwords under a new name each time, as fast as answers come,
   while the coach signs in N times and a page (/login) is fetched N times.
Prints the median and the largest time of each, and the attackers' answers.
Only loopback addresses are used; every loop is bounded in count and time.

    scripts/measure-signin.py --stepwise .build/debug/stepwise [--rounds 12]
"""
import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PASSWORD = "tram-42-lilac-oven"


def request(port, method, path, body=None, cookie="", source="127.0.0.1"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    headers = {"Cookie": cookie}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, response.getheader("Set-Cookie") or "", data


def sign_in(port, name, password, source="127.0.0.1"):
    """Fetches the form, then times the POST alone."""
    _, cookie, page = request(port, "GET", "/login", source=source)
    token = re.search(r'name="login" value="([^"]*)"', page).group(1)
    cookie = cookie.split(";")[0]
    body = f"login={token}&name={name}&password={password.replace(' ', '+')}"
    start = time.monotonic()
    status, _, _ = request(port, "POST", "/login", body, cookie, source)
    return status, time.monotonic() - start


def timed_get(port):
    start = time.monotonic()
    request(port, "GET", "/login")
    return time.monotonic() - start


def summary(times):
    return f"median {statistics.median(times):.3f} s, max {max(times):.3f} s (n={len(times)})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stepwise", required=True)
    parser.add_argument("--port", type=int, default=18480)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--attack-seconds", type=float, default=60)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="stepwise-signin-")
    db = os.path.join(folder, "quality.sqlite")
    subprocess.run([args.stepwise, "user", "add", "cora", "--role", "coach", "--db", db],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    server = subprocess.Popen([args.stepwise, "serve", "--db", db, "--port", str(args.port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                request(args.port, "GET", "/login")
                break
            except OSError:
                time.sleep(0.1)
        idle = [sign_in(args.port, "cora", PASSWORD) for _ in range(args.rounds)]
        idle_pages = [timed_get(args.port) for _ in range(args.rounds)]

        stop = threading.Event()
        answers = {}
        deadline = time.monotonic() + args.attack_seconds

        def attacker(index):
            count = 0
            while not stop.is_set() and time.monotonic() < deadline and count < 2000:
                count += 1
                try:
                    status, _ = sign_in(args.port, f"guess{index}x{count}", "wrong wrong wrong", f"127.0.0.{11 + index}")
                except OSError:
                    status = "error"
                answers[status] = answers.get(status, 0) + 1

        threads = [threading.Thread(target=attacker, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        attacked, attacked_pages = [], []
        for _ in range(args.rounds):
            attacked.append(sign_in(args.port, "cora", PASSWORD))
            attacked_pages.append(timed_get(args.port))
            time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=10)

    refused = [status for status, _ in idle + attacked if status != 303]
    print(f"coach sign-in, idle:          {summary([t for _, t in idle])}")
    print(f"coach sign-in, under attack:  {summary([t for _, t in attacked])}")
    print(f"page /login, idle:            {summary(idle_pages)}")
    print(f"page /login, under attack:    {summary(attacked_pages)}")
    print(f"coach refused: {len(refused)} {refused}")
    print(f"attackers' answers: {dict(sorted(answers.items(), key=str))}")
    ratio = statistics.median([t for _, t in attacked]) / statistics.median([t for _, t in idle])
    print(f"ratio under attack / idle (median sign-in): {ratio:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
