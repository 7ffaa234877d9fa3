#!/usr/bin/env python3
"""Live-reload clients for bench/serve-load.sh: opens N event streams to `blog serve` on
127.0.0.1:PORT at once, records every generation each stream is told (hello, reload, css),
and when STOP_FILE appears writes a JSON summary to OUT: per client its HTTP status, how
many reloads it got, the last generation it knows, and whether the server closed it.
Only ever connects to 127.0.0.1."""
import asyncio
import json
import os
import sys


async def client(port, results, i, stop_file):
    res = {"status": "", "reloads": 0, "generation": None, "closed": False}
    results[i] = res
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as e:
        res["status"] = f"connect failed: {e}"
        return
    writer.write(b"GET /__blog/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    await writer.drain()
    res["status"] = (await reader.readline()).decode().strip()
    event = None
    while not os.path.exists(stop_file):
        try:
            line = await asyncio.wait_for(reader.readline(), 0.25)
        except asyncio.TimeoutError:
            continue
        if not line:
            res["closed"] = True
            break
        line = line.decode().rstrip("\r\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: ") and event in ("hello", "reload", "css"):
            res["generation"] = json.loads(line[6:]).get("generation")
            if event == "reload":
                res["reloads"] += 1
    writer.close()


async def main(port, n, ready_file, stop_file, out):
    results = [None] * n
    tasks = [asyncio.create_task(client(port, results, i, stop_file)) for i in range(n)]
    while any(r is None or r["generation"] is None for r in results):
        if all(t.done() for t in tasks):
            break
        await asyncio.sleep(0.05)
    open(ready_file, "w").close()
    await asyncio.gather(*tasks)
    with open(out, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    port, n, ready, stop, out = sys.argv[1:6]
    asyncio.run(main(int(port), int(n), ready, stop, out))
