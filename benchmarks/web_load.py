"""Bounded load test of ``anpo serve`` on loopback: a fixed number of
requests at a fixed concurrency per endpoint, stopping by itself.

Starts ``python -m anpo serve`` on a free loopback port in a subprocess (one uvicorn worker, as
users run it), warms it up, then for each main endpoint sends ``--requests`` requests from
``--clients`` concurrent keep-alive connections (asyncio streams, HTTP/1.1 written by hand so
that the load generator costs far less than the server) and prints requests per second,
p50 and p99 latency and the error count (any non-2xx answer or failed connection). The request
bodies vary (a fixed seed draws the what-if inputs a moving slider sends), so nothing is served
from a cache, except in the ``dyad-repeat`` plan: 12 positions of the stability page's slider
revisited, which the server's memo of dyad answers serves after the first time. The server is
started with ``--no-precompute`` so that its background answering of the built-in dyads does not
run during the measurement. Baseline, measured in the same run: the same computation called in-process
(the library function, no HTTP), per call; the ratio is HTTP p50 / in-process time.

    python benchmarks/web_load.py                      # 20 clients, 1000 requests per endpoint
    python benchmarks/web_load.py --clients 20 --requests 2000 --only engagement
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]


def engagement_bodies(n: int, seed: int, decoys: bool = False) -> list[dict[str, Any]]:
    """What a user moving the deterrence sliders sends: varied raid, inventory, SSPK, doctrine,
    reliability (one or two layers); with ``decoys``, 1 or 2 decoys per warhead (the exact decoy
    model costs tens of milliseconds per call: reported apart)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sls = rng.random() < 0.4
        layer = {
            "interceptors": rng.randint(0, 300),
            "sspk": round(rng.uniform(0.3, 0.95), 2),
            "shots": rng.randint(1, 3),
            "doctrine": "shoot-look-shoot" if sls else "salvo",
            "second_shots": rng.randint(1, 2) if sls else 0,
            "reliability": round(rng.uniform(0.7, 1.0), 2),
            "reliability_mode": rng.choice(["raid", "rv"]),
            "discrimination": round(rng.uniform(0.3, 1.0), 2),
        }
        layers = [layer]
        if rng.random() < 0.3:
            layers.append({**layer, "interceptors": rng.randint(0, 200), "endo_atmospheric": True})
        out.append(
            {
                "rvs": rng.randint(1, 60),
                "decoys_per_rv": rng.choice([1, 2]) if decoys else 0,
                "layers": layers,
                "m": [1, 5, 10],
            }
        )
    return out


def law_bodies(n: int, seed: int) -> list[dict[str, Any]]:
    from anpo.law.vocab import ACTIVITIES, LOCATIONS

    rng = random.Random(seed)
    sits = ["surrounding-area", "important-influence", "peacetime", "armed-attack-japan"]
    out = []
    for _ in range(n):
        year = rng.randint(2000, 2024)
        out.append(
            {
                "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "situation": rng.choice(sits),
                "activity": rng.choice(list(ACTIVITIES)),
                "location": rng.choice(list(LOCATIONS)),
            }
        )
    return out


DYAD_VARIANTS = ["mad", "tmd-japan", "nmd-c1", "nmd-c3", "gmd-global"]


def dyad_bodies(n: int, seed: int, distinct: bool = True) -> list[dict[str, Any]]:
    """Stability-page requests (China's DF-5 launchers moved, 2001 variants). ``distinct``: no
    two alike (at most 5 x 60 of them), so the server's memo never answers; otherwise drawn
    from 12 slider positions, as a user moving a slider back and forth sends them."""
    rng = random.Random(seed)
    combos = [(v, k) for v in DYAD_VARIANTS for k in range(61) if k != 20]  # 20: the book's
    picked = rng.sample(combos, min(n, len(combos))) if distinct else rng.sample(combos, 12)
    if not distinct:
        picked = [rng.choice(picked) for _ in range(n)]
    return [
        {
            "scenario": "us-japan-2001",
            "variant": v,
            "dyad": "USA-CHN",
            "launchers": {"cn-df5": k},
        }
        for v, k in picked
    ]


def reaction_bodies(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        top = rng.randint(50, 300)
        out.append(
            {
                "layers": [
                    {
                        "interceptors": top,
                        "sspk": round(rng.uniform(0.4, 0.9), 2),
                        "shots": 2,
                        "reliability": 0.9,
                    }
                ],
                "interceptors": list(range(0, top + 1, max(1, top // 24))),
                "growth": {
                    "warheads_per_launcher": 1,
                    "survivable_fraction": round(rng.uniform(0.0, 0.7), 2),
                    "kill_probability": 0.8,
                    "allocation": 2,
                    "budget": 2000,
                },
                "m": 1,
                "q": 0.9,
                "max_launchers": 1000,
            }
        )
    return out


def _calls() -> dict[str, Any]:
    """Each endpoint's computation without HTTP (the baseline)."""
    from anpo.web import api_align, api_deterrence, api_law

    return {
        "engagement": lambda b: api_deterrence.engagement(api_deterrence.EngagementRequest(**b)),
        "decoys": lambda b: api_deterrence.engagement(api_deterrence.EngagementRequest(**b)),
        "reaction": lambda b: api_deterrence.reaction(api_deterrence.ReactionRequest(**b)),
        # the computation itself (no memo), for both dyad plans
        "dyad": lambda b: api_deterrence.compute_dyad(api_deterrence.DyadRequest(**b)),
        "dyad-repeat": lambda b: api_deterrence.compute_dyad(api_deterrence.DyadRequest(**b)),
        "law": lambda b: api_law.ask(api_law.AskRequest(**b)),
        "align": lambda b: api_align.landscape(api_align.InstanceRequest(**b)),
    }


def same_as_in_process(name: str, body: dict[str, Any], answer: Any) -> None:
    """Stop unless the server's JSON answer is the in-process call's (else the ratio compares
    two different computations)."""
    from fastapi.encoders import jsonable_encoder

    want = jsonable_encoder(_calls()[name](body))
    if answer != want:
        raise SystemExit(f"{name}: the server's answer differs from the in-process call's")


def in_process(name: str, bodies: list[dict[str, Any]], count: int = 200) -> float:
    """Seconds per call of the same computation without HTTP (the baseline)."""
    fn = _calls()[name]
    fn(bodies[0])
    sample = bodies[: min(count, len(bodies))]
    t = time.perf_counter()
    for b in sample:
        fn(b)
    return (time.perf_counter() - t) / len(sample)


class Connection:
    """One keep-alive HTTP/1.1 connection written by hand on asyncio streams: a load generator
    must cost much less than the server it measures (httpx costs a few CPU milliseconds a request
    here, more than the server's own work)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes | None) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        close = False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        await self.reader.readexactly(length)
        if close:
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def load(
    base: str, path: str, bodies: list[dict[str, Any]] | None, n: int, clients: int
) -> dict[str, Any]:
    """``n`` requests from ``clients`` concurrent keep-alive connections; latencies in
    seconds."""
    import json

    host, port = base.removeprefix("http://").split(":")
    encoded = None if bodies is None else [json.dumps(b).encode() for b in bodies]
    latencies: list[float] = []
    errors = 0
    counter = iter(range(n))

    async def worker() -> None:
        nonlocal errors
        conn = Connection(host, int(port))
        for i in counter:
            t = time.perf_counter()
            try:
                if encoded is None:
                    status = await conn.request("GET", path, None)
                else:
                    status = await conn.request("POST", path, encoded[i % len(encoded)])
                ok = status < 300
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                ok = False
                await conn.close()
            latencies.append(time.perf_counter() - t)
            if not ok:
                errors += 1
        await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    wall = time.perf_counter() - t0
    latencies.sort()
    return {
        "requests": n,
        "rps": n / wall,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "errors": errors,
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server() -> tuple[subprocess.Popen[bytes], int]:
    """``anpo serve --port 0`` and the port it bound, read from its start-up line (choosing a
    free port here and passing it would race with other processes)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "anpo",
            "serve",
            "--port",
            "0",
            "--time-limit",
            "60",
            "--no-precompute",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    said: list[str] = []
    port = 0
    for raw in iter(proc.stderr.readline, b""):  # ends when the server exits
        said.append(raw.decode(errors="replace"))
        found = re.match(r"anpo serve: http://127\.0\.0\.1:(\d+)/ ", said[-1])
        if found:
            port = int(found.group(1))
            break
    if not port:
        raise SystemExit(f"server exited: {''.join(said)}")
    # the rest of its console output is read (and dropped) so that the server never blocks on
    # a full pipe
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    deadline = time.time() + 600
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc, port
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("server exited")
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("server did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=1000, help="per endpoint")
    ap.add_argument("--seed", type=int, default=2001)
    ap.add_argument(
        "--nice",
        type=int,
        default=0,
        help="scheduling niceness of the server and the clients (e.g. -10 as root on a shared "
        "machine, so that other jobs' load does not decide the figures)",
    )
    ap.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="endpoints (engagement decoys reaction dyad dyad-repeat law align)",
    )
    args = ap.parse_args()
    if args.nice:
        os.nice(args.nice)  # inherited by the server process started below
    sys.path.insert(0, str(ROOT / "src"))
    n = args.requests
    plans = {
        "health": ("/api/health", None, max(n, 1000)),
        "engagement": ("/api/deterrence/engagement", engagement_bodies(n, args.seed), n),
        "decoys": (
            "/api/deterrence/engagement",
            engagement_bodies(n, args.seed, decoys=True),
            min(n, 500),
        ),
        "reaction": ("/api/deterrence/reaction", reaction_bodies(n, args.seed), n),
        "law": ("/api/law/ask", law_bodies(n, args.seed), n),
        "align": ("/api/align/landscape", [{"book": "asia_pacific_2001"}], min(n, 200)),
        # distinct inputs (warmed with 5 others): every request computes
        "dyad": ("/api/deterrence/dyad", dyad_bodies(min(n, 100) + 5, args.seed), min(n, 100)),
        # 12 slider positions revisited: answered from the memo after the first time
        "dyad-repeat": (
            "/api/deterrence/dyad",
            dyad_bodies(min(n, 500), args.seed + 1, distinct=False),
            min(n, 500),
        ),
    }
    chosen = ["health"] + [k for k in plans if k != "health" and (not args.only or k in args.only)]
    proc, port = start_server()
    base = f"http://127.0.0.1:{port}"
    try:
        for name in chosen:  # warm every path (compiled kernels, caches of immutable books)
            path, bodies, _ = plans[name]
            warm = (bodies or [None])[-5:] if name == "dyad" else (bodies or [None])[:5]
            for b in warm:
                if b is None:
                    httpx.get(base + path, timeout=120)
                else:
                    r = httpx.post(base + path, json=b, timeout=120)
                    r.raise_for_status()
                    same_as_in_process(name, b, r.json())
        load1 = os.getloadavg()[0]
        print(
            f"anpo serve on loopback, 1 uvicorn worker, {os.cpu_count()} cores; "
            f"{args.clients} concurrent clients; niceness {os.nice(0)}; "
            f"load average before: {load1:.1f}"
        )
        header = (
            f"{'endpoint':<45}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'errors':>8}{'server CPU ms':>15}{'in-proc ms':>12}{'p50/in-proc':>13}"
        )
        print(header)
        print("-" * len(header))
        ratios: list[str] = []
        for name in chosen:
            path, bodies, count = plans[name]
            cpu0 = cpu_seconds(proc.pid)
            res = asyncio.run(load(base, path, bodies, count, args.clients))
            cpu = (cpu_seconds(proc.pid) - cpu0) / count
            # no in-process baseline for a request without a body (the health check)
            base_t = in_process(name, bodies) if bodies is not None else None
            ratio = res["p50"] / base_t if base_t is not None else None
            shown_base = f"{1000 * base_t:>12.2f}" if base_t is not None else f"{'-':>12}"
            shown_ratio = f"{ratio:>12.1f}x" if ratio is not None else f"{'-':>13}"
            label = path + {"decoys": " (decoys)", "dyad-repeat": " (repeats)"}.get(name, "")
            print(
                f"{'GET ' if bodies is None else 'POST '}{label:<40}{res['requests']:>9}"
                f"{res['rps']:>9.0f}{1000 * res['p50']:>9.1f}{1000 * res['p99']:>9.1f}"
                f"{res['errors']:>8}{1000 * cpu:>15.2f}{shown_base}{shown_ratio}"
            )
            if ratio is not None:
                ratios.append(f"{name} {ratio:.1f}x")
        print(f"ratio HTTP p50 / in-process time: {', '.join(ratios) or 'no endpoint with a body'}")
        print("answers: the server's identical to the in-process calls' on the warm-up bodies")
        print(
            f"load average after: {os.getloadavg()[0]:.1f}. Server CPU ms = the server "
            "process's CPU time per request (independent of other load on the machine)."
        )
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
