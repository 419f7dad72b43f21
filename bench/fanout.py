"""Fan-out: 1,000 connected tablets on one server process — how fast does a tally update reach all of them,
compared with a bare ``websockets`` broadcast server measured in the same run with the same harness?

Target: tally broadcast p99 within 2× of the bare broadcast server.

What it does (bounded: --rounds, --round-timeout and an overall --budget):
1. builds a hall of --clients delegates, all checked in (bench/setup_hall.py), unless --reuse;
2. starts ``kyhop serve`` (one process) and ``bench/bare_server.py`` as subprocesses on free ports
   (pinned to CPU 0; this harness runs on CPU 1 — see --no-pin);
3. connects --clients tablets to each server (the real ones with minted session cookies, each waits for
   its snapshot), and a secretary who opens a vote;
4. each round, alternately on each server: the harness sends the trigger itself — on the real server a
   delegate's ballot (the server commits it and broadcasts ``vote.progress`` to every screen), on the bare
   server a trigger message (it broadcasts a message of the same size) — and every client records when
   the broadcast's bytes arrived (stamped in ``data_received``). latency = arrival − trigger send, one clock;
5. reports p50/p99 per server over all (round × client) samples, the ratio, the median of the per-round
   p99, the server CPU time per broadcast and the servers' RSS with all clients connected.

    .venv/bin/python bench/fanout.py                      # SQLite, 1,000 clients, 40 rounds
    .venv/bin/python bench/fanout.py --database postgresql://postgres@127.0.0.1:5432/kyhop_bench
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import OUT, ms, pct  # noqa: E402


class Probe:
    """One round: the bytes that identify 'the broadcast', and when each client got it."""

    def __init__(self, tag: str, n: int, needle: bytes, event: bytes, match: Any) -> None:
        self.tag, self.n, self.needle, self.event, self.match = tag, n, needle, event, match
        self.stamps: dict[int, float] = {}
        self.size = 0
        self.ack: float | None = None
        self.ack_ref: bytes | None = None
        self.error: str | None = None
        self.done = asyncio.Event()


class Harness:
    """Every socket's data frames go to :meth:`frame` inside ``data_received``: a substring test per message,
    the same for both servers, and no task per message."""

    def __init__(self) -> None:
        self.probe: Probe | None = None
        self.index: dict[int, tuple[str, int]] = {}  # id(conn) -> (tag, client index; -1 for the secretary)
        self.counts = {"messages": 0, "snapshots": 0}

    def listen(self, tag: str, idx: int, ws: Any) -> None:
        self.index[id(ws)] = (tag, idx)
        ws.stamps.clear()
        ws.hook = self.frame

    def frame(self, ws: Any, stamp: float, data: bytes) -> None:
        self.counts["messages"] += 1
        if data.startswith(b'{"type":"snapshot"'):
            self.counts["snapshots"] += 1
        probe = self.probe
        if probe is None:
            return
        where = self.index.get(id(ws))
        if where is None:
            return
        tag, idx = where
        if tag != probe.tag:
            return
        if (
            probe.ack_ref is not None
            and probe.ack_ref in data
            and data.startswith((b'{"type":"ack"', b'{"type":"error"'))
        ):
            probe.ack = stamp
            if not data.startswith(b'{"type":"ack"'):
                probe.error = bytes(data[:300]).decode(errors="replace")
                probe.done.set()
            return
        if idx < 0 or idx in probe.stamps or probe.event not in data:
            return
        if probe.needle not in data:
            # not the fast path (e.g. an event replayed from the database with its keys reordered): parse it
            try:
                if not probe.match(json.loads(data)):
                    return
            except ValueError:
                return
        probe.stamps[idx] = stamp
        probe.size = len(data)
        if len(probe.stamps) >= probe.n:
            probe.done.set()

    async def close(self) -> None:
        for key in list(self.index):
            self.index.pop(key)


def has_ballot_of(data: dict[str, Any], person_id: int) -> bool:
    """Does this ``vote.progress`` carry ``person_id``'s ballot? (one ``ballot``, or a batch of ``ballots``)"""
    ballots = list(data.get("ballots") or []) + ([data["ballot"]] if data.get("ballot") else [])
    return any(b.get("person_id") == person_id for b in ballots)


async def until_ready(ws: Any, timeout: float) -> dict[str, Any]:
    """Read a freshly connected socket until its ``snapshot`` or ``resumed`` message."""
    deadline = time.monotonic() + timeout
    while True:
        msg = await common.first_message(ws, max(0.1, deadline - time.monotonic()))
        if msg.get("type") in ("snapshot", "resumed"):
            return msg
        if msg.get("type") == "error":
            raise RuntimeError(f"refused: {msg}")


async def opened_version(secretary: Any, vote_id: int, timeout: float = 30) -> int:
    """The version of the ``vote.opened`` event (read on the secretary's socket after the ack)."""
    deadline = time.monotonic() + timeout
    while True:
        msg = await common.first_message(secretary, max(0.1, deadline - time.monotonic()))
        if (
            msg.get("type") == "event"
            and msg.get("event") == "vote.opened"
            and msg["data"]["vote"]["id"] == vote_id
        ):
            return int(msg["version"])


async def storm(url: str, delegates: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    """``len(delegates)`` tablets connect at the same moment, each getting a full snapshot (as after a
    Wi-Fi outage or at the start of a sitting): time to snapshot per tablet, and how many were refused."""
    times: list[float] = []
    failures: list[str] = []
    sockets: list[Any] = []
    size = 0

    async def one(d: dict[str, Any]) -> None:
        nonlocal size
        t = time.perf_counter()
        try:
            ws = await common.connect(url, common.mint_cookie(d))
            sockets.append(ws)
            msg = await until_ready(ws, args.connect_timeout)
            times.append(time.perf_counter() - t)
            size = max(size, len(json.dumps(msg, ensure_ascii=False).encode()))
        except Exception as exc:  # noqa: BLE001 - counted and reported
            failures.append(f"{type(exc).__name__}: {exc}"[:160])

    t = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(one(d) for d in delegates)), args.connect_timeout)
    total = time.perf_counter() - t
    await asyncio.gather(*(asyncio.wait_for(ws.close(), 5) for ws in sockets), return_exceptions=True)
    await asyncio.sleep(1)
    return {
        "clients": len(delegates),
        "connected": len(times),
        "failed": len(failures),
        "failure_samples": sorted(set(failures))[:3],
        "all_done_s": round(total, 2),
        "time_to_snapshot_p50_ms": ms(pct(times, 50)),
        "time_to_snapshot_max_ms": ms(max(times)) if times else None,
        "snapshot_bytes": size,
    }


async def run(
    args: argparse.Namespace,
    manifest: dict[str, Any],
    real_port: int,
    bare_port: int,
    real_pid: int,
    bare_pid: int,
) -> dict[str, Any]:
    harness = Harness()
    sid = manifest["session_id"]
    real_url = f"ws://127.0.0.1:{real_port}/ws/sessions/{sid}"
    bare_url = f"ws://127.0.0.1:{bare_port}/"
    delegates = manifest["delegates"][: args.clients]
    if len(delegates) < args.clients:
        raise SystemExit(f"the hall has only {len(delegates)} delegates")
    out: dict[str, Any] = {"rss_kb_idle": {"real": common.rss_kb(real_pid), "bare": common.rss_kb(bare_pid)}}
    sockets: list[Any] = []
    try:
        # -- secretary: a fresh open vote --------------------------------------------------------
        sec = manifest["secretary"]
        secretary = await common.connect(real_url, common.mint_cookie(sec), deflate=args.deflate)
        sockets.append(secretary)
        snap = await common.first_message(secretary, 60)
        for vote in snap["state"]["votes"]:
            if vote["status"] == "open":
                await common.request(
                    secretary,
                    {
                        "type": "action",
                        "id": f"close{vote['id']}",
                        "action": "vote.close",
                        "data": {"vote_id": vote["id"]},
                    },
                )
        opened = await common.request(
            secretary,
            {
                "type": "action",
                "id": "open",
                "action": "vote.open",
                "data": {"title": "Biểu quyết đo tải (fan-out)"},
            },
        )
        if opened["type"] != "ack":
            raise RuntimeError(f"vote.open failed: {opened}")
        vote_id = opened["result"]["vote_id"]

        version = await opened_version(secretary, vote_id)

        # -- a connect storm with full snapshots (measured, then closed) ----------------------------
        if args.storm:
            out["storm"] = await storm(real_url, delegates[: args.storm], args)

        # -- connect the tablets -----------------------------------------------------------------
        # They resume from the current version (``?since=``) instead of each asking for a full snapshot:
        # a 1,000-delegate snapshot costs the server ~0.4 s (see the storm above), which would make
        # connecting 1,000 tablets take minutes; the broadcast measured below is the same either way.
        async def real_client(i: int) -> Any:
            d = delegates[i]
            ws = await common.connect(
                f"{real_url}?since={version}",
                common.mint_cookie(d),
                deflate=args.deflate,
            )
            await until_ready(ws, 120)
            return ws

        async def bare_client(i: int) -> Any:
            ws = await common.connect(bare_url, deflate=args.deflate)
            await common.first_message(ws, 60)
            return ws

        t = time.perf_counter()
        real_ws = await asyncio.wait_for(
            common.gather_bounded([real_client(i) for i in range(args.clients)], args.connect_concurrency),
            args.connect_timeout,
        )
        out["connect_s"] = {"real": round(time.perf_counter() - t, 1)}
        sockets.extend(real_ws)
        t = time.perf_counter()
        bare_ws = await asyncio.wait_for(
            common.gather_bounded([bare_client(i) for i in range(args.clients)], 100), args.connect_timeout
        )
        out["connect_s"]["bare"] = round(time.perf_counter() - t, 1)
        sockets.extend(bare_ws)
        harness.listen("real", -1, secretary)
        for i, ws in enumerate(real_ws):
            harness.listen("real", i, ws)
        for i, ws in enumerate(bare_ws):
            harness.listen("bare", i, ws)
        await asyncio.sleep(2)  # let the vote.opened fan-out and the connect bursts settle
        out["rss_kb_connected"] = {"real": common.rss_kb(real_pid), "bare": common.rss_kb(bare_pid)}

        # -- rounds ------------------------------------------------------------------------------
        size = args.size
        samples: dict[str, list[float]] = {"real": [], "bare": []}
        spreads: dict[str, list[float]] = {"real": [], "bare": []}  # arrival - first arrival of the round
        rounds: dict[str, list[dict[str, float]]] = {"real": [], "bare": []}
        cpu = {"real": 0.0, "bare": 0.0}
        acks: list[float] = []  # real server: trigger -> ack to the voting tablet (the commit)
        total = args.warmup + args.rounds
        for r in range(total):
            order = ("bare", "real") if r % 2 == 0 else ("real", "bare")
            for tag in order:
                if tag == "real":
                    d = delegates[r]
                    pid = d["person_id"]
                    probe = Probe(
                        "real",
                        args.clients,
                        b'"person_id":%d,' % pid,
                        b'"vote.progress"',
                        lambda m, pid=pid: (
                            m.get("type") == "event"
                            and m.get("event") == "vote.progress"
                            and has_ballot_of(m["data"], pid)
                        ),
                    )
                    probe.ack_ref = b'"id":"r%d"' % r
                    trigger_ws = real_ws[r]
                    text = json.dumps(
                        {
                            "type": "ballot",
                            "id": f"r{r}",
                            "vote_id": vote_id,
                            "ballot_id": f"fanout-{vote_id}-{r:05d}",
                            "choice": "yes",
                        }
                    )
                    pid_proc = real_pid
                else:
                    probe = Probe(
                        "bare",
                        args.clients,
                        b'"round":%d,' % r,
                        b'"type":"event"',
                        lambda m, r=r: m.get("round") == r,
                    )
                    trigger_ws = bare_ws[r % len(bare_ws)]
                    text = json.dumps({"type": "trigger", "round": r, "size": size})
                    pid_proc = bare_pid
                harness.probe = probe
                cpu0 = common.cpu_seconds(pid_proc)
                t0 = time.perf_counter()
                await trigger_ws.send(text)
                try:
                    await asyncio.wait_for(probe.done.wait(), args.round_timeout)
                except TimeoutError:
                    raise RuntimeError(
                        f"round {r} ({tag}): only {len(probe.stamps)}/{args.clients} clients "
                        f"received the broadcast within {args.round_timeout} s"
                    ) from None
                await asyncio.sleep(
                    args.gap
                )  # the trailing work (acks, writer tasks) finishes inside the CPU window
                cpu_used = common.cpu_seconds(pid_proc) - cpu0
                harness.probe = None
                if probe.error:
                    raise RuntimeError(f"round {r}: trigger refused: {probe.error}")
                if tag == "real":
                    size = probe.size  # the bare server then sends a message of the same size
                if r < args.warmup:
                    continue
                lat = [s - t0 for s in probe.stamps.values()]
                samples[tag].extend(lat)
                first = min(lat)
                spreads[tag].extend(x - first for x in lat)
                rounds[tag].append({"p50": pct(lat, 50), "p99": pct(lat, 99), "max": max(lat), "min": first})
                cpu[tag] += cpu_used
                if probe.ack is not None:
                    acks.append(probe.ack - t0)
            if args.verbose:
                print(
                    f"round {r}: real p99 {ms(rounds['real'][-1]['p99']) if rounds['real'] else '-'} ms, "
                    f"bare p99 {ms(rounds['bare'][-1]['p99']) if rounds['bare'] else '-'} ms",
                    flush=True,
                )
        out["real_ack_ms"] = {"p50": ms(pct(acks, 50)), "p99": ms(pct(acks, 99)), "n": len(acks)}
        out["message_bytes"] = size
        out["rounds"] = args.rounds
        for tag in ("real", "bare"):
            lat = samples[tag]
            out[tag] = {
                "samples": len(lat),
                "p50_ms": ms(pct(lat, 50)),
                "p90_ms": ms(pct(lat, 90)),
                "p99_ms": ms(pct(lat, 99)),
                "max_ms": ms(max(lat)),
                "min_ms": ms(min(lat)),
                "round_p99_median_ms": ms(common.median([x["p99"] for x in rounds[tag]])),
                "round_first_median_ms": ms(common.median([x["min"] for x in rounds[tag]])),
                "round_max_median_ms": ms(common.median([x["max"] for x in rounds[tag]])),
                "round_spread_p99_median_ms": ms(common.median([x["p99"] - x["min"] for x in rounds[tag]])),
                "rounds_ms": [{k: ms(v) for k, v in x.items()} for x in rounds[tag]],
                "server_cpu_ms_per_broadcast": round(cpu[tag] * 1000 / args.rounds, 1),
                "spread_p50_ms": ms(pct(spreads[tag], 50)),
                "spread_p99_ms": ms(pct(spreads[tag], 99)),
            }
        out["ratio_p99"] = round(out["real"]["p99_ms"] / out["bare"]["p99_ms"], 2)
        out["ratio_round_spread_p99_median"] = round(
            out["real"]["round_spread_p99_median_ms"] / out["bare"]["round_spread_p99_median_ms"], 2
        )
        out["ratio_spread_p99"] = round(out["real"]["spread_p99_ms"] / out["bare"]["spread_p99_ms"], 2)
        out["ratio_p50"] = round(out["real"]["p50_ms"] / out["bare"]["p50_ms"], 2)
        out["ratio_round_p99_median"] = round(
            out["real"]["round_p99_median_ms"] / out["bare"]["round_p99_median_ms"], 2
        )
        out["harness_snapshots_after_connect"] = harness.counts["snapshots"]
        return out
    finally:
        await harness.close()
        await asyncio.gather(*(asyncio.wait_for(ws.close(), 5) for ws in sockets), return_exceptions=True)


def report(result: dict[str, Any]) -> str:
    r, b = result["real"], result["bare"]
    lines = [
        f"fan-out to {result['clients']} clients, {result['rounds']} rounds, message {result['message_bytes']} B, "
        f"database {result['database_kind']}{', permessage-deflate' if result['deflate'] else ''}, "
        f"server: {result['ws_impl']}",
        "| server | p50 ms | p90 ms | p99 ms | max ms | median of per-round p99 | first client (median) | "
        "spread after first p99 | server CPU ms / broadcast | RSS idle MB | RSS with clients MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, x, tag in (("kyhop serve", r, "real"), ("bare websockets", b, "bare")):
        lines.append(
            f"| {name} | {x['p50_ms']} | {x['p90_ms']} | {x['p99_ms']} | {x['max_ms']} | "
            f"{x['round_p99_median_ms']} | {x['round_first_median_ms']} | {x['spread_p99_ms']} | "
            f"{x['server_cpu_ms_per_broadcast']} | "
            f"{result['rss_kb_idle'][tag] / 1024:.1f} | {result['rss_kb_connected'][tag] / 1024:.1f} |"
        )
    lines.append(
        f"kyhop: trigger ballot → its ack (commit) p50 {result['real_ack_ms']['p50']} ms, "
        f"p99 {result['real_ack_ms']['p99']} ms; connect {result['connect_s']}"
    )
    if result.get("storm"):
        lines.append(f"connect storm with snapshots: {result['storm']}")
    lines.append(
        f"ratio real/bare: p99 of all samples {result['ratio_p99']}×, p50 {result['ratio_p50']}×, "
        f"median of per-round p99 {result['ratio_round_p99_median']}×; fan-out only (arrival − first arrival): "
        f"median per-round p99 {result.get('ratio_round_spread_p99_median')}×"
    )
    lines.append(
        f"target (tally broadcast p99 ≤ 2× bare; judged on the median of per-round p99, robust to the "
        f"rounds a noisy machine spoils): {'MET' if result['ratio_round_p99_median'] <= 2 else 'NOT MET'}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database",
        default=str(OUT / "fanout.sqlite"),
        help="SQLite path, or a PostgreSQL URL of a dedicated database that is DROPPED and "
        "recreated (default: %(default)s)",
    )
    parser.add_argument(
        "--clients", type=int, default=1000, help="connected tablets per server (default: %(default)s)"
    )
    parser.add_argument(
        "--rounds", type=int, default=50, help="measured rounds per server (default: %(default)s)"
    )
    parser.add_argument(
        "--warmup", type=int, default=3, help="unmeasured rounds first (default: %(default)s)"
    )
    parser.add_argument("--size", type=int, default=250, help="bare message size until the real one is known")
    parser.add_argument(
        "--gap", type=float, default=0.2, help="pause after each broadcast, s (default: %(default)s)"
    )
    parser.add_argument("--round-timeout", type=float, default=20)
    parser.add_argument("--connect-timeout", type=float, default=300)
    parser.add_argument("--connect-concurrency", type=int, default=20)
    parser.add_argument(
        "--storm",
        type=int,
        default=100,
        help="first, this many tablets connect at once asking for full snapshots; measured and "
        "closed (0: skip; default: %(default)s)",
    )
    parser.add_argument(
        "--budget", type=float, default=900, help="hard stop for the whole run, s (default: %(default)s)"
    )
    parser.add_argument(
        "--deflate",
        action="store_true",
        help="clients offer permessage-deflate, as browsers do: the bare server accepts it and compresses; "
        "`kyhop serve` declines it (ws_per_message_deflate=False) and sends its frames uncompressed",
    )
    parser.add_argument(
        "--ws-impl",
        choices=["websockets-sansio", "wsproto", "websockets"],
        help="serve the app through bench/serve_app.py with this uvicorn websocket implementation "
        "instead of `kyhop serve` (which runs 'websockets-sansio'); every other server option as in "
        "`kyhop serve` (session_server/cli/serve.py SERVER_OPTIONS: httptools, asyncio loop, no deflate)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the hall in --manifest instead of rebuilding it"
    )
    parser.add_argument("--manifest", type=Path, default=OUT / "fanout-hall.json")
    parser.add_argument(
        "--no-pin", action="store_true", help="do not pin servers to CPU 0 and the harness to CPU 1"
    )
    parser.add_argument("--output", type=Path, default=OUT / "fanout-result.json")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if (
        not 1 <= args.clients <= 5000
        or not 1 <= args.rounds <= 500
        or args.warmup + args.rounds > args.clients
    ):
        parser.error("need 1 ≤ clients ≤ 5000, 1 ≤ rounds ≤ 500 and warmup + rounds ≤ clients")
    common.raise_fd_limit()
    server_cpus, harness_cpus = common.default_pinning(not args.no_pin)
    load_before = os.getloadavg()
    with common.deadline(args.budget):
        if args.reuse:
            manifest = json.loads(args.manifest.read_text())
        else:
            from bench.setup_hall import build

            print(f"building a hall of {args.clients} delegates in {args.database} …", flush=True)
            manifest = build(args.database, args.clients, args.manifest)
        common.pin_to(harness_cpus)
        with common.Servers(OUT / "logs" / args.output.stem, server_cpus) as servers:
            real_port, bare_port = common.free_port(), common.free_port()
            real = servers.kyhop("fanout-kyhop", manifest["database_url"], real_port, ws_impl=args.ws_impl)
            bare = servers.bare("fanout-bare", bare_port, deflate=args.deflate)
            print(
                f"servers up: kyhop pid {real.pid} :{real_port}, bare pid {bare.pid} :{bare_port}", flush=True
            )
            result = asyncio.run(run(args, manifest, real_port, bare_port, real.pid, bare.pid))
    result.update(
        {
            "ws_impl": args.ws_impl or "kyhop serve (uvicorn ws=websockets-sansio)",
            "clients": args.clients,
            "deflate": args.deflate,
            "pinned": not args.no_pin,
            "database_kind": "postgresql" if manifest["database_url"].startswith("postgresql") else "sqlite",
            "machine": common.machine(),
            "argv": sys.argv,
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
        }
    )
    common.write_json(args.output, result)
    print(report(result))
    print(f"(full result: {args.output})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
