"""Load benchmark of the HTTP API: `disrupt serve` on loopback, fixed concurrency, bounded time.

    python bench/load.py [--concurrency 16] [--duration 20] [--warmup 3] [--workers 2] [--cases 200]
                        [--client raw|httpx] [--ruleset DIR]

Starts the service on 127.0.0.1 with a fresh data directory and a fresh officer key, posts
typical fictional cases (~40 facts, bench/load_cases.py) from a keep-alive HTTP/1.1 client
(or httpx, with --client httpx) at a fixed concurrency for a bounded time after a warm-up, and
prints throughput and p50/p90/p99 latency. Only loopback traffic. The client shares the
machine's cores with the service, so the figures are a floor. Target (2 cores, 2 workers,
concurrency 16): ≥ 300 evaluations/s with p99 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: bench/load.py
from bench.load_cases import typical_case
from bench.load_client import Connection, post

HOST = "127.0.0.1"


def _disrupt() -> list[str]:
    script = Path(sys.executable).with_name("disrupt")
    return [str(script)] if script.exists() else [sys.executable, "-m", "disrupt"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def _percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


class Service:
    """`disrupt serve` in a subprocess, with its own data directory and officer key."""

    def __init__(self, workers: int, ruleset: str | None) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="disrupt-bench-"))
        self.port = _free_port()
        self.url = f"http://{HOST}:{self.port}"
        env = {**os.environ, "DISRUPT_DATA_DIR": str(self.data_dir)}
        if ruleset:
            env["DISRUPT_RULESET_DIR"] = ruleset
        self.key = subprocess.run(
            [*_disrupt(), "keys", "add", "bench", "--role", "officer", "--all-forces"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip()
        self.log = open(self.data_dir / "serve.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [*_disrupt(), "serve", "--host", HOST, "--port", str(self.port), "--workers", str(workers)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the service exited; see {self.log.name}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit("the service did not become ready")

    def cpu(self) -> tuple[float, float]:
        """CPU seconds used so far by the server process and by its evaluation workers."""
        pid = self.process.pid
        return _cpu_seconds(pid), sum(_cpu_seconds(c) for c in _children(pid))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


Outcome = tuple[list[float], dict[int, int], float, int]


async def run_load(service: Service, bodies: list[bytes], args: argparse.Namespace) -> Outcome:
    """`args.concurrency` users, each sending one request after another, for a bounded time."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    made = [0]
    headers = {"Authorization": f"Bearer {service.key}", "Content-Type": "application/json"}
    start = time.perf_counter()
    measure_from = start + args.warmup
    stop_at = measure_from + args.duration

    async def user(offset: int, send: Callable[[int], Awaitable[int]]) -> None:
        i = offset
        while True:
            sent = time.perf_counter()
            if sent >= stop_at:
                return
            status = await send(i % len(bodies))
            done = time.perf_counter()
            made[0] += 1
            i += args.concurrency
            if sent >= measure_from:
                latencies.append(done - sent)
                statuses[status] = statuses.get(status, 0) + 1

    if args.client == "httpx":
        limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
        async with httpx.AsyncClient(base_url=service.url, headers=headers, limits=limits,
                                     timeout=30.0) as client:

            async def send_httpx(n: int) -> int:
                return (await client.post("/v1/evaluations", content=bodies[n])).status_code

            await asyncio.gather(*(user(k, send_httpx) for k in range(args.concurrency)))
    else:
        requests = [post(HOST, service.port, "/v1/evaluations", b, headers) for b in bodies]
        connections = [await Connection.open(HOST, service.port) for _ in range(args.concurrency)]

        def sender(connection: Connection) -> Callable[[int], Awaitable[int]]:
            async def send_raw(n: int) -> int:
                return (await connection.send(requests[n]))[0]

            return send_raw

        await asyncio.gather(*(user(k, sender(c)) for k, c in enumerate(connections)))
        for connection in connections:
            await connection.close()
    return latencies, statuses, time.perf_counter() - measure_from, made[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--workers", type=int, default=2, help="evaluation worker processes")
    parser.add_argument("--cases", type=int, default=200, help="distinct cases cycled through")
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw",
                        help="load generator: raw keep-alive HTTP/1.1 (light) or httpx (~2 ms CPU/request)")
    parser.add_argument("--ruleset", metavar="DIR", help="ruleset folder (default: the shipped one)")
    args = parser.parse_args()

    service = Service(args.workers, args.ruleset)
    try:
        service.wait_ready()
        tactics_reply = httpx.get(f"{service.url}/v1/tactics",
                                  headers={"Authorization": f"Bearer {service.key}"}).json()
        tactics = tuple(t["id"] for t in tactics_reply["tactics"])
        bodies = [json.dumps(typical_case(seed, tactics)).encode() for seed in range(args.cases)]
        facts = statistics.mean(
            sum(len(c[k]) for k in ("people", "locations", "events", "actions"))
            for c in (json.loads(b) for b in bodies)
        )
        server_before, workers_before = service.cpu()
        client_before = time.process_time()
        latencies, statuses, elapsed, sent = asyncio.run(
            run_load(service, bodies, args)
        )
        server_after, workers_after = service.cpu()
        client_cpu = time.process_time() - client_before
    finally:
        service.stop()
    latencies.sort()
    ok = statuses.get(200, 0)
    print(f"cases: {len(bodies)} distinct, {facts:.0f} facts on average; ruleset "
          f"{tactics_reply['ruleset']['sha256'][:12]} with {len(tactics)} tactics")
    print(f"workers {args.workers}, concurrency {args.concurrency}, client {args.client}, "
          f"{elapsed:.1f} s measured "
          f"after {args.warmup:.0f} s warm-up; cores: {os.cpu_count()}")
    print(f"responses: {dict(sorted(statuses.items()))}")
    print(f"throughput: {ok / elapsed:.0f} evaluations/s")
    sent = max(sent, 1)
    print(
        f"CPU ms per request: server {(server_after - server_before) * 1000 / sent:.2f}, "
        f"workers {(workers_after - workers_before) * 1000 / sent:.2f}, "
        f"load client {client_cpu * 1000 / sent:.2f}; load average {os.getloadavg()[0]:.1f}"
    )
    if latencies:
        print(
            "latency ms: "
            + ", ".join(f"p{int(q * 100)} {_percentile(latencies, q) * 1000:.1f}" for q in (0.5, 0.9, 0.99))
            + f", max {latencies[-1] * 1000:.1f}"
        )
    return 0 if ok == sum(statuses.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
