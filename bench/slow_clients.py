#!/usr/bin/env python3
"""Slow clients for bench/slow-clients.sh: keeps N connections to `blog serve` on
127.0.0.1:PORT open at once, as a slowloris attack does. Half of them stall (connect and send
nothing), half trickle a request head one byte a second and never finish it. A connection the
server closes (a timeout, a refusal, an eviction) is opened again after 50 ms, so the N stay
pressed against the server for the whole run. Touches READY_FILE once N are open, stops when
STOP_FILE appears and writes a JSON summary to OUT: connections opened, closed by the server,
refused with 503, and the fewest and most open at once once ready. Only ever connects to
127.0.0.1."""
import asyncio
import json
import os
import sys

HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 64


async def client(i, port, stats, stop):
    trickle = i % 2 == 1
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            stats["connect_failed"] += 1
            await asyncio.sleep(0.05)
            continue
        stats["opened"] += 1
        stats["open"] += 1
        sent = 0
        try:
            while not stop.is_set():
                if trickle and sent < len(HEAD):
                    writer.write(HEAD[sent:sent + 1])
                    sent += 1
                try:
                    data = await asyncio.wait_for(reader.read(4096), 1.0)
                except asyncio.TimeoutError:
                    continue
                # Any answer (a 503, a 408, the end of the stream) ends this connection.
                if data.startswith(b"HTTP/1.1 503"):
                    stats["refused"] += 1
                stats["closed_by_server"] += 1
                break
        except OSError:
            stats["closed_by_server"] += 1
        finally:
            stats["open"] -= 1
            writer.close()
        await asyncio.sleep(0.05)


async def main(port, n, ready_file, stop_file, out):
    stats = {"opened": 0, "open": 0, "closed_by_server": 0, "refused": 0, "connect_failed": 0}
    stop = asyncio.Event()
    tasks = []
    for i in range(n):
        tasks.append(asyncio.create_task(client(i, port, stats, stop)))
        if i % 200 == 199:
            await asyncio.sleep(0)  # let the first ones connect while the rest start
    while stats["opened"] < n:
        await asyncio.sleep(0.05)
    open(ready_file, "w").close()
    low, high = n, 0
    while not os.path.exists(stop_file):
        low, high = min(low, stats["open"]), max(high, stats["open"])
        await asyncio.sleep(0.1)
    stats["open_min"], stats["open_max"] = low, high
    stop.set()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    json.dump(stats, open(out, "w"))


if __name__ == "__main__":
    port, n, ready_file, stop_file, out = sys.argv[1:6]
    asyncio.run(main(int(port), int(n), ready_file, stop_file, out))
