"""Load benchmark of the whole set: many documents through HAProxy over 1, 2, 3 processes.

    .venv/bin/python bench/conference.py                   # 100 documents x 10 writers x 2.5/s,
                                                        # 1, 2 and 3 processes, 3 runs each
    .venv/bin/python bench/conference.py --documents 20 --processes 2 --runs 1

The set is deploy/cluster.py's (HAProxy, N `negotiation serve`, PostgreSQL, Redis), on a
fresh PostgreSQL database per run. The writers are bench/load.py's editors (one-keystroke
deltas at ``rate`` per second into the document's one paragraph, latency from a keystroke to
its patch at the other writers of the document), spread over ``--generators`` processes.

Reported per number of processes (medians over the runs): p50/p99 latency, edits
acknowledged per second, CPU (% of one core) and peak RSS of each server process (with its
store workers) and of the balancer, and the time to recover a document after kill -9 of its
process (a client reconnecting through the balancer until an edit is acknowledged again).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "deploy")]

import load  # noqa: E402  bench/load.py: the editors, the frame book, CPU and RSS of processes
from cluster import Cluster  # noqa: E402  deploy/cluster.py

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/0"
OPENING = ("Recognizing the importance of the full and effective participation of all "
           "delegations in the negotiation of this text, the Conference decides as follows")


async def generate(urls: list[str], writers: int, rate: float, warmup: float,
                   duration: float, seed: int) -> dict:
    """bench/load.py's editors, ``writers`` per document URL; one frame book per document."""
    rng = random.Random(seed)
    books, crowd = [], []
    cookie = await asyncio.to_thread(load.login_cookie, urls[0])  # one session, any process
    for url in urls:
        book = {"sent": {}, "receipts": [], "errors": [], "stream": load.Stream({}),
                "cookie": cookie}
        books.append(book)
        crowd += [load.Editor(len(crowd) + n, url, ["op-1"], rate,
                              random.Random(rng.random()), book) for n in range(writers)]
    start = time.monotonic() + 3.0 + len(crowd) * 0.01
    stop = start + warmup + duration
    tasks = [asyncio.create_task(editor.run(start, stop)) for editor in crowd]
    await asyncio.sleep(max(0.0, start + warmup - time.monotonic()))
    print("MEASURE", flush=True)
    acks0 = sum(e.acks for e in crowd)
    await asyncio.sleep(duration)
    acks1 = sum(e.acks for e in crowd)
    print("DONE", flush=True)
    _, late = await asyncio.wait(tasks, timeout=15)  # an editor whose socket died: dropped
    for task in late:
        task.cancel()
    latencies = []
    for book in books:
        sent, patches = book["sent"], book["stream"].patches
        for frame, who, at in book["receipts"]:
            for key in patches[frame]:
                author, typed = sent.get(key, (who, 0.0))
                if author != who and typed >= start + warmup:
                    latencies.append(at - typed)
    return {"latencies": latencies, "edits": acks1 - acks0,
            "errors": sum(len(b["errors"]) for b in books)}


def prepare(url: str, documents: int) -> list[str]:
    """``documents`` documents of one operative paragraph (``op-1``)."""
    from negotiation.model import Document, Paragraph, ParagraphKind
    from server.auth.passwords import hash_password
    from server.db import create_engine_for, upgrade
    from server.people.accounts import Accounts
    from server.store import Store

    engine = create_engine_for(url)
    upgrade(engine)
    from negotiation.seals import Sealer

    store = Store(engine, Sealer(load.BENCH_KEY))  # the key the set's processes are given
    Accounts(engine).create_user(load.BENCH_LOGIN, "Bench", hash_password(load.BENCH_PASSWORD),
                                 secretariat=True)
    try:
        return [store.import_document(Document(
            symbol=f"BENCH/{n}", title="THE CONFERENCE,", operative=[Paragraph(
                id="op-1", kind=ParagraphKind.OPERATIVE, text=OPENING, label="1")]),
            author="secretariat") for n in range(documents)]
    finally:
        engine.dispose()


def create_database() -> str:
    import psycopg

    name = f"plenary_bench_{secrets.token_hex(4)}"
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def recovery_seconds(cluster: Cluster, document_id: str) -> float:
    """kill -9 of the process holding ``document_id``; seconds until a client reconnecting
    through the balancer has an edit acknowledged again."""
    import websockets

    url = cluster.url.replace("http://", "ws://") + f"/ws/documents/{document_id}"
    cookie = {"Cookie": await asyncio.to_thread(load.login_cookie, url)}

    async def one_edit(number: int) -> None:
        async with websockets.connect(url, open_timeout=2, additional_headers=cookie) as socket:
            await socket.send(json.dumps({"type": "hello", "protocol": 1,
                                          "clientId": f"recovery-{number}", "name": "R",
                                          "delegation": "BENCH"}))
            welcome = json.loads(await asyncio.wait_for(socket.recv(), 5))
            if welcome.get("type") != "welcome":
                raise SystemExit(f"the recovery client was refused: {welcome}")
            paragraph = welcome["paragraphs"][0]
            length = len(paragraph["text"].encode("utf-16-le")) // 2
            await socket.send(json.dumps({"type": "edit", "p": paragraph["id"],
                                          "m": paragraph["rev"], "n": paragraph.get("n", 0),
                                          "deltas": [f"={length}\t+ r{number}"]}))
            while json.loads(await asyncio.wait_for(socket.recv(), 5))["type"] != "ack":
                pass

    await one_edit(0)
    slot = next(s for s in range(len(cluster.servers)) if document_id in _rooms(cluster, s))
    killed = time.monotonic()
    cluster.kill(slot)
    number = 1
    while True:
        try:
            await one_edit(number)
            break
        except Exception:
            number += 1
            await asyncio.sleep(0.05)
    seconds = time.monotonic() - killed
    cluster.start_server(slot)
    return seconds


def _peak_rss_mb(pids: list[int]) -> float:
    """bench/load.py's, skipping processes gone meanwhile (a store worker replaced)."""
    return sum(load._peak_rss_mb([pid]) for pid in pids if Path(f"/proc/{pid}").exists())


def _rooms(cluster: Cluster, slot: int) -> list[str]:
    import urllib.request

    with urllib.request.urlopen(f"{cluster.server_url(slot)}/healthz", timeout=3) as answer:
        return json.load(answer)["documents"]


def run_once(processes: int, documents: int, writers: int, rate: float, warmup: float,
             duration: float, generators: int, seed: int, port: int) -> dict:
    name = create_database()
    url = f"{POSTGRES}/{name}"
    cluster = Cluster(processes, port=port, first_server_port=port + 1, database_url=url,
                      redis_url=REDIS,
                      environment={"PLENARY_INTEGRITY_KEY": load.BENCH_KEY.hex()})
    try:
        ids = prepare(url, documents)
        cluster.start()
        base = cluster.url.replace("http://", "ws://")
        shares = [ids[i::generators] for i in range(generators)]
        runs = [subprocess.Popen(
            [sys.executable, __file__, "--generate", json.dumps(
                [f"{base}/ws/documents/{d}" for d in share]), str(writers), str(rate),
             str(warmup), str(duration), str(seed * 100 + i),
             str(cluster.workdir / f"generator{i}.json")],
            stdout=subprocess.PIPE, text=True) for i, share in enumerate(shares)]
        pids = {f"plenary{s + 1}": load._server_processes(p.pid)
                for s, p in enumerate(cluster.servers) if p is not None}
        pids["haproxy"] = [cluster.balancer.pid]
        cpu0: dict[str, float] = {}
        cpu1: dict[str, float] = {}
        for generator in runs:
            assert generator.stdout is not None
            for line in generator.stdout:
                if line.startswith("MEASURE") and not cpu0:
                    pids.update({k: load._server_processes(v[0]) for k, v in pids.items()
                                 if k != "haproxy"})
                    cpu0 = {k: load._process_cpu(v) for k, v in pids.items()}
                elif line.startswith("DONE") and not cpu1:
                    cpu1 = {k: load._process_cpu(v) for k, v in pids.items()}
            generator.wait()
        results = [json.loads((cluster.workdir / f"generator{i}.json").read_text())
                   for i in range(len(runs))]
        latencies = sorted(x for r in results for x in r["latencies"])
        held = {f"plenary{s + 1}": len(_rooms(cluster, s)) for s in range(processes)}
        rss = {k: round(_peak_rss_mb(v), 0) for k, v in pids.items()}
        recovery = asyncio.run(recovery_seconds(cluster, ids[0])) if processes > 1 else None
        return {"p50_ms": load._quantile(latencies, 0.5) * 1000,
                "p99_ms": load._quantile(latencies, 0.99) * 1000,
                "edits_per_s": sum(r["edits"] for r in results) / duration,
                "errors": sum(r["errors"] for r in results),
                "cpu_pct": {k: round((cpu1[k] - cpu0[k]) / duration * 100, 1) for k in cpu0},
                "rss_mb": rss,
                "documents_held": held, "recovery_s": recovery}
    finally:
        cluster.stop()
        drop_database(name)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--generate":
        urls, writers, rate, warmup, duration, seed, out = sys.argv[2:9]
        load._use_uvloop()
        result = asyncio.run(generate(json.loads(urls), int(writers), float(rate),
                                      float(warmup), float(duration), int(seed)))
        Path(out).write_text(json.dumps(result), encoding="utf-8")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--writers", type=int, default=10, help="per document")
    parser.add_argument("--rate", type=float, default=2.5, help="edits per second per writer")
    parser.add_argument("--processes", type=int, nargs="*", default=[1, 2, 3])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--generators", type=int, default=2, help="load generator processes")
    parser.add_argument("--port", type=int, default=18400)
    args = parser.parse_args()
    for processes in args.processes:
        runs = [run_once(processes, args.documents, args.writers, args.rate, args.warmup,
                         args.duration, args.generators, seed, args.port)
                for seed in range(args.runs)]
        for run in runs:
            print("  run:", json.dumps(run), flush=True)
        median = {key: statistics.median(run[key] for run in runs)
                  for key in ("p50_ms", "p99_ms", "edits_per_s", "errors")}
        recoveries = [run["recovery_s"] for run in runs if run["recovery_s"] is not None]
        cpu = {k: statistics.median(run["cpu_pct"][k] for run in runs) for k in runs[0]["cpu_pct"]}
        rss = {k: statistics.median(run["rss_mb"][k] for run in runs) for k in runs[0]["rss_mb"]}
        print(f"{processes} process(es), {args.documents} documents x {args.writers} writers x "
              f"{args.rate:g}/s: p50 {median['p50_ms']:.1f} ms  p99 {median['p99_ms']:.1f} ms  "
              f"{median['edits_per_s']:.0f} edits/s  errors {median['errors']:.0f}  "
              f"CPU % {cpu}  peak RSS MB {rss}  recovery after kill -9 "
              f"{statistics.median(recoveries) if recoveries else float('nan'):.2f} s  "
              f"(median of {len(runs)} runs)", flush=True)


if __name__ == "__main__":
    main()
