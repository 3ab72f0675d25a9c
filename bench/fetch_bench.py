"""Fetcher throughput: 1,000 URLs over 50 local hosts (host-N.bench resolving to 127.0.0.2 ..
127.0.0.51), each answering after 100 ms, per-host limit 4. The ideal is (1000 / 50 / 4) x 0.1 s
= 0.5 s; the target is within 1.5x. Prints wall time, the ratio, peak memory and the peak number
of requests the server saw in flight per host (must not exceed the limit).

    .venv/bin/python bench/fetch_bench.py [--urls 1000] [--hosts 50] [--per-host 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import socket
import time
from collections import Counter

BODY = b"<html><body><p>" + b"A benchmark page with a quoted passage. " * 50 + b"</p></body></html>"
DELAY = 0.1


def serve(port: int, hosts: list[str], ready: multiprocessing.synchronize.Event) -> None:
    active: Counter[str] = Counter()
    peak: Counter[str] = Counter()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                host = next(
                    (
                        line.split(b":")[1].strip().decode()
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"host:")
                    ),
                    "?",
                )
                if head.startswith(b"GET /stats"):
                    body = json.dumps(dict(peak)).encode()
                else:
                    active[host] += 1
                    peak[host] = max(peak[host], active[host])
                    await asyncio.sleep(DELAY)
                    active[host] -= 1
                    body = BODY
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, host=hosts, port=port, backlog=1024)
        ready.set()
        await server.serve_forever()

    asyncio.run(main())


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


async def fetch_all(urls: list[str], table: dict[str, str], per_host: int) -> tuple[int, float, float]:
    from checker.config import FetchConfig
    from checker.sources.fetch import Fetcher
    from checker.sources.netsafety import static_resolver

    config = FetchConfig(allow_private_addresses=True, per_host=per_host, concurrency=len(table) * per_host, retries=0)
    async with Fetcher(config, static_resolver(table)) as fetcher:
        t0, cpu0 = time.perf_counter(), time.process_time()
        results = await fetcher.fetch_all((u, None, None) for u in urls)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return sum(r.ok for r in results.values()), wall, cpu


async def plain_httpx(urls: list[str], table: dict[str, str], per_host: int) -> tuple[int, float, float]:
    """The library's floor: bare httpx clients, one per host, with the same per-host limit
    and none of the fetcher's checks, retries, caps or address policy."""
    import httpx

    hosts = {
        a: (
            httpx.AsyncClient(limits=httpx.Limits(max_connections=per_host), trust_env=False),
            asyncio.Semaphore(per_host),
        )
        for a in table.values()
    }

    async def one(url: str) -> bool:
        name = url.split("/")[2].split(":")[0]
        client, slots = hosts[table[name]]
        async with slots:
            r = await client.get(url.replace(name, table[name], 1))
            return r.status_code == 200

    t0, cpu0 = time.perf_counter(), time.process_time()
    ok = sum(await asyncio.gather(*(one(u) for u in urls)))
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    for client, _ in hosts.values():
        await client.aclose()
    return ok, wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--urls", type=int, default=1000)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--per-host", type=int, default=4)
    args = ap.parse_args()
    addresses = [f"127.0.0.{i + 2}" for i in range(args.hosts)]
    table = {f"host-{i}.bench": a for i, a in enumerate(addresses)}
    port = free_port(addresses[0])
    ready = multiprocessing.get_context("spawn").Event()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(port, addresses, ready), daemon=True)
    server.start()
    try:
        if not ready.wait(30):
            raise SystemExit("the benchmark server did not start")
        names = list(table)
        urls = [f"http://{names[i % len(names)]}:{port}/page/{i}" for i in range(args.urls)]
        ok, wall, cpu = asyncio.run(fetch_all(urls, table, args.per_host))
        base_ok, base_wall, base_cpu = asyncio.run(plain_httpx(urls, table, args.per_host))
        import httpx

        peaks = httpx.get(f"http://{addresses[0]}:{port}/stats", trust_env=False).json()
    finally:
        server.terminate()
        server.join()
    ideal = args.urls / args.hosts / args.per_host * DELAY
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"fetched {ok}/{args.urls} URLs over {args.hosts} hosts, per-host limit {args.per_host}")
    print(f"wall time        {wall:.3f} s")
    print(f"ideal            {ideal:.3f} s")
    print(f"ratio to ideal   {wall / ideal:.2f}x (target <= 1.5x)")
    print(f"client CPU       {cpu:.3f} s ({cpu / args.urls * 1000:.2f} ms a URL)")
    print(
        f"bare httpx       {base_wall:.3f} s wall, {base_cpu:.3f} s CPU ({base_ok} ok): the "
        "library's own floor on this machine"
    )
    print(f"load average     {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (others' work slows the wall time)")
    print(f"peak memory      {peak_mb:.1f} MiB (client process RSS)")
    print(f"peak in flight   {max(peaks.values())} per host (server's count; limit {args.per_host})")


if __name__ == "__main__":
    main()
