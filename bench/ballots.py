"""Ballots: 500 delegates vote within one second — are all committed, and how soon does the projector
show the final tally?

Target: 500 ballots arriving within one second are all committed (every tablet gets an ``ack``), and
the final tally (the ``vote.progress`` event with cast == 500) reaches the projector within 300 ms of
the last ballot sent; with two server processes on PostgreSQL + Redis, the same with no ballot lost.

What it does (bounded: --trials, --trial-timeout and an overall --budget):
1. builds a hall of --ballots delegates, all checked in (bench/setup_hall.py), unless --reuse;
2. starts --processes ``kyhop serve`` processes on free ports (with --processes 2 they share
   KYHOP_REDIS_URL); tablet i connects to process i mod P, the secretary to process 0 and the projector
   (anonymous, the session is public) to the process that does NOT receive the last ballot;
3. per trial: the secretary opens a vote (``vote.open``); the harness sends ballot i at
   t0 + i·spread/(N−1) on tablet i's connection; it records every ack, every ``vote.progress`` the
   projector sees (stamped when its bytes arrive), then closes the vote and reads back from the database
   the number of ballots stored and the result's ``cast``.

    .venv/bin/python bench/ballots.py                                            # (a) SQLite, 1 process
    .venv/bin/python bench/ballots.py --database postgresql://postgres@127.0.0.1:5432/kyhop_bench   # (b)
    .venv/bin/python bench/ballots.py --database postgresql://postgres@127.0.0.1:5432/kyhop_bench \\
        --processes 2 --redis redis://127.0.0.1:6379/0                            # (c)
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

from websockets.exceptions import ConnectionClosed  # noqa: E402
from websockets.protocol import State  # noqa: E402

from bench import common  # noqa: E402
from bench.attack import AttackProcess  # noqa: E402
from bench.common import OUT, ms, pct  # noqa: E402


class Trial:
    def __init__(self, n: int, tag: str) -> None:
        self.n = n
        self.tag = tag
        self.vote_id: int | None = None
        self.sent: dict[int, float] = {}
        self.acks: dict[int, float] = {}
        self.errors: dict[int, str] = {}
        self.progress: list[tuple[float, int, int]] = []  # (stamp, cast, version) at the projector
        self.final: float | None = None
        self.closed: dict[str, Any] | None = None
        self.acked_all = asyncio.Event()
        self.final_seen = asyncio.Event()
        self.closed_seen = asyncio.Event()


class Harness:
    """Data frames are handled in ``data_received`` through the connections' hooks (no task per message):
    the 500 tablets together receive ~250,000 tally events per trial, and the harness must keep up."""

    def __init__(self) -> None:
        self.trial: Trial | None = None
        self.versions: list[int] = []  # every event version the projector saw, in arrival order
        self.snapshots = {"projector": 0, "tablets": 0}
        self.tablet_messages = 0
        self.index: dict[int, int] = {}

    def tablet(self, idx: int, ws: Any) -> None:
        self.index[id(ws)] = idx
        ws.stamps.clear()
        ws.hook = self._tablet

    def projector(self, ws: Any) -> None:
        ws.stamps.clear()
        ws.hook = self._projector

    def _tablet(self, ws: Any, stamp: float, data: bytes) -> None:
        self.tablet_messages += 1
        if data.startswith(b'{"type":"event"'):
            return
        if data.startswith(b'{"type":"snapshot"'):
            self.snapshots["tablets"] += 1
            return
        trial = self.trial
        if trial is None or not data.startswith((b'{"type":"ack"', b'{"type":"error"')):
            return
        idx = self.index.get(id(ws))
        if idx is None:
            return
        msg = json.loads(data)
        if msg.get("id") != f"{trial.tag}-{idx}":
            return
        if msg["type"] == "ack":
            trial.acks[idx] = stamp
        else:
            trial.errors[idx] = json.dumps(msg.get("error"), ensure_ascii=False)[:200]
        if len(trial.acks) + len(trial.errors) >= trial.n:
            trial.acked_all.set()

    def _projector(self, ws: Any, stamp: float, data: bytes) -> None:
        if data.startswith(b'{"type":"snapshot"'):
            self.snapshots["projector"] += 1
            return
        if not data.startswith(b'{"type":"event"'):
            return
        msg = json.loads(data)
        self.versions.append(msg["version"])
        trial = self.trial
        if trial is None:
            return
        payload = msg.get("data") or {}
        if msg["event"] == "vote.progress" and payload.get("vote_id") == trial.vote_id:
            trial.progress.append((stamp, int(payload["cast"]), msg["version"]))
            if payload["cast"] >= trial.n and trial.final is None:
                trial.final = stamp
                trial.final_seen.set()
        elif msg["event"] == "vote.closed" and payload["vote"]["id"] == trial.vote_id:
            trial.closed = payload["vote"]
            trial.closed_seen.set()

    async def close(self) -> None:
        self.index.clear()


def pg_stats(database_url: str) -> dict[str, int] | None:
    """PostgreSQL counters (cumulative): commits, rollbacks, index scans of session_event (each replay of
    missed events to a screen is one), rows read from it."""
    if not database_url.startswith("postgresql"):
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(database_url)
    with psycopg.connect(
        host=u.host or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        dbname=u.database,
        connect_timeout=5,
    ) as conn:
        conn.execute("SELECT pg_stat_force_next_flush()")
        db = conn.execute(
            "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
        ev = conn.execute(
            "SELECT coalesce(idx_scan, 0) + coalesce(seq_scan, 0), coalesce(idx_tup_fetch, 0) "
            "+ coalesce(seq_tup_read, 0) FROM pg_stat_user_tables WHERE relname = 'session_event'"
        ).fetchone()
    return {
        "commits": int(db[0]),
        "rollbacks": int(db[1]),
        "session_event_scans": int(ev[0]),
        "session_event_rows_read": int(ev[1]),
    }


def stored(database_url: str, vote_id: int) -> dict[str, Any]:
    """What the database holds for the vote: ballots (participation rows), named choices, the result."""
    from sqlalchemy import func, select

    from agenda import db as storage
    from agenda.models import NamedChoice, Vote, VoteParticipation

    engine = storage.make_engine(database_url)
    try:
        with storage.session_factory(engine)() as db:
            vote = db.get(Vote, vote_id)
            keys = set(
                db.scalars(select(VoteParticipation.ballot_key).where(VoteParticipation.vote_id == vote_id))
            )
            return {
                "keys": keys,
                "participations": db.scalar(
                    select(func.count())
                    .select_from(VoteParticipation)
                    .where(VoteParticipation.vote_id == vote_id)
                ),
                "choices": db.scalar(
                    select(func.count()).select_from(NamedChoice).where(NamedChoice.vote_id == vote_id)
                ),
                "status": vote.status.value if vote else None,
                "result_cast": (vote.result or {}).get("cast") if vote else None,
            }
    finally:
        engine.dispose()


async def run(
    args: argparse.Namespace, manifest: dict[str, Any], ports: list[int], pids: list[int]
) -> dict[str, Any]:
    harness = Harness()
    sid = manifest["session_id"]
    P = len(ports)
    urls = [f"ws://127.0.0.1:{p}/ws/sessions/{sid}" for p in ports]
    n = args.ballots
    delegates = manifest["delegates"][:n]
    if len(delegates) < n:
        raise SystemExit(f"the hall has only {len(delegates)} delegates")
    last_server = (n - 1) % P
    projector_server = (last_server + 1) % P
    out: dict[str, Any] = {
        "processes": P,
        "ballots": n,
        "spread_s": args.spread,
        "projector_on": projector_server,
        "last_ballot_on": last_server,
        "trials": [],
    }
    sockets: list[Any] = []
    http: Any = None  # (closed in ``finally`` also when the run fails before it is made)
    try:
        sec = manifest["secretary"]
        secretary = await common.connect(urls[0], common.mint_cookie(sec))
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
        projector = await common.connect(urls[projector_server])
        sockets.append(projector)
        if (await common.first_message(projector, 60)).get("type") != "snapshot":
            raise RuntimeError("the projector got no snapshot")
        harness.projector(projector)

        version = (
            int(snap["version"]) if not args.snapshots else None
        )  # (a dropped tablet resumes from here too)

        async def tablet(i: int) -> Any:
            # By default tablets resume from the secretary's version (``?since=``) rather than each asking for
            # a full snapshot (hundreds of ms each for a big hall — measured by bench/fanout.py's storm).
            d = delegates[i]
            url = urls[i % P] if version is None else f"{urls[i % P]}?since={version}"
            ws = await common.connect(url, common.mint_cookie(d))
            deadline = time.monotonic() + 120
            while True:
                first = await common.first_message(ws, max(0.1, deadline - time.monotonic()))
                if first.get("type") in ("snapshot", "resumed"):
                    return ws
                if first.get("type") == "error":
                    raise RuntimeError(f"tablet {i}: {first}")

        t = time.perf_counter()
        tablets: list[Any] = []
        if args.via == "websocket":
            tablets = await asyncio.wait_for(
                common.gather_bounded([tablet(i) for i in range(n)], args.connect_concurrency),
                args.connect_timeout,
            )
        else:  # ballots over HTTP: only the projector and the secretary hold websockets (isolates the commits)
            import httpx

            http = httpx.AsyncClient(
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=200),
                timeout=args.trial_timeout,
            )
        out["connect_s"] = round(time.perf_counter() - t, 1)
        sockets.extend(tablets)
        for i, ws in enumerate(tablets):
            harness.tablet(i, ws)
        await asyncio.sleep(1)
        out["rss_kb_connected"] = [common.rss_kb(pid) for pid in pids]

        out["reconnects"] = 0
        for k in range(args.trials):
            for i, ws in enumerate(tablets):  # a tablet the server dropped reconnects, as the real page does
                if ws.state is not State.OPEN:
                    tablets[i] = await tablet(i)
                    sockets.append(tablets[i])
                    harness.tablet(i, tablets[i])
                    out["reconnects"] += 1
            trial = Trial(n, f"t{k}")
            opened = await common.request(
                secretary,
                {
                    "type": "action",
                    "id": f"open{k}",
                    "action": "vote.open",
                    "data": {"title": f"Biểu quyết đo tải số {k + 1}", "secret": args.secret},
                },
            )
            if opened["type"] != "ack":
                raise RuntimeError(f"vote.open failed: {opened}")
            trial.vote_id = opened["result"]["vote_id"]
            harness.trial = trial
            await asyncio.sleep(args.settle)  # vote.opened reaches every screen
            attacked = args.under_attack and k % 2 == 1  # quiet and attacked trials alternate
            if attacked:
                attack = AttackProcess(ports[0], args.manifest, args, args.attacker_cpus)
                attack.start()
                await asyncio.sleep(1)  # the flood and the uploads are under way before the first ballot
            cpu0 = [common.cpu_seconds(pid) for pid in pids]
            pg0 = await asyncio.to_thread(pg_stats, manifest["database_url"])
            t0 = time.perf_counter() + 0.05
            pending: list[asyncio.Task[None]] = []
            for i in range(n):
                target = t0 + (i * args.spread / (n - 1) if n > 1 else 0)
                delay = target - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                text = json.dumps(
                    {
                        "type": "ballot",
                        "id": f"{trial.tag}-{i}",
                        "vote_id": trial.vote_id,
                        "ballot_id": f"b{trial.vote_id:05d}x{i:05d}",
                        "choice": ("yes", "no", "abstain")[i % 3],
                    }
                )
                trial.sent[i] = time.perf_counter()
                if http is not None:
                    pending.append(
                        asyncio.create_task(post(http, ports[i % P], sid, delegates[i], text, trial, i))
                    )
                    continue
                try:
                    await tablets[i].send(text)
                except ConnectionClosed:
                    trial.errors[i] = "the tablet's connection was closed by the server before this ballot"
                    if len(trial.acks) + len(trial.errors) >= trial.n:
                        trial.acked_all.set()
            last_sent = max(trial.sent.values())
            first_sent = min(trial.sent.values())
            timed_out = False
            try:
                await asyncio.wait_for(trial.acked_all.wait(), args.trial_timeout)
            except TimeoutError:
                timed_out = True
            if not trial.final_seen.is_set():
                try:  # all acked (or timed out): give the last tally a bounded moment more
                    await asyncio.wait_for(trial.final_seen.wait(), 5 if not timed_out else 1)
                except TimeoutError:
                    pass
            await asyncio.sleep(0.5)
            cpu = [round(common.cpu_seconds(pid) - c, 2) for pid, c in zip(pids, cpu0, strict=True)]
            t_close = time.perf_counter()
            try:
                closed = await common.request(
                    secretary,
                    {
                        "type": "action",
                        "id": f"close{k}",
                        "action": "vote.close",
                        "data": {"vote_id": trial.vote_id},
                    },
                    timeout=args.trial_timeout,
                )
                await asyncio.wait_for(trial.closed_seen.wait(), 10)
            except TimeoutError:
                closed = {"type": "timeout"}
            close_s = time.perf_counter() - t_close
            attack_counts = await attack.stop() if attacked else None
            pg = await asyncio.to_thread(pg_stats, manifest["database_url"])
            pg_delta = {k2: pg[k2] - pg0[k2] for k2 in pg} if pg and pg0 else None
            harness.trial = None
            db = await asyncio.to_thread(stored, manifest["database_url"], trial.vote_id)
            keys = db.pop("keys")
            key_of = {i: f"b{trial.vote_id:05d}x{i:05d}" for i in trial.sent}
            acked_not_stored = [i for i in trial.acks if key_of[i] not in keys]
            unanswered = [i for i in trial.sent if i not in trial.acks and i not in trial.errors]
            silently_lost = [i for i in unanswered if key_of[i] not in keys]
            ack_lat = [trial.acks[i] - trial.sent[i] for i in trial.acks]
            casts = [c for _, c, _ in trial.progress]
            last_progress = max((s for s, _, _ in trial.progress), default=None)
            dropped = sum(1 for ws in tablets if ws.state is not State.OPEN)
            row = {
                "vote_id": trial.vote_id,
                "under_attack": attacked,
                "attack_counts": attack_counts,
                "tablets_dropped": dropped,
                "committed_per_s": round(len(trial.acks) / (max(trial.acks.values()) - first_sent), 1)
                if trial.acks
                else None,
                "sent": len(trial.sent),
                "send_spread_ms": ms(last_sent - first_sent),
                "acks": len(trial.acks),
                "errors": len(trial.errors),
                "error_samples": sorted(set(trial.errors.values()))[:3],
                "timed_out": timed_out,
                "ack_p50_ms": ms(pct(ack_lat, 50)),
                "ack_p99_ms": ms(pct(ack_lat, 99)),
                "ack_max_ms": ms(max(ack_lat)) if ack_lat else None,
                "last_ack_after_last_sent_ms": ms(max(trial.acks.values()) - last_sent)
                if trial.acks
                else None,
                "final_tally_after_last_sent_ms": ms(trial.final - last_sent) if trial.final else None,
                "projector_progress_events": len(trial.progress),
                "projector_max_cast": max(casts, default=0),
                "projector_last_cast": casts[-1] if casts else 0,
                "last_progress_after_last_sent_ms": ms(last_progress - last_sent) if last_progress else None,
                "close_ack": closed["type"],
                "close_s": round(close_s, 2),
                "postgres_delta": pg_delta,
                "closed_result_cast": ((trial.closed or {}).get("result") or {}).get("cast"),
                "db": db,
                "server_cpu_s": cpu,
                "lost": n - (db["participations"] or 0),
                "acked_not_stored": len(acked_not_stored),
                "unanswered": len(unanswered),
                "unanswered_not_stored": len(silently_lost),
            }
            out["trials"].append(row)
            print(
                f"trial {k + 1}{' (under attack)' if attacked else ''}: acks {row['acks']}/{n} errors {row['errors']} ack p99 {row['ack_p99_ms']} ms; "
                f"final tally {row['final_tally_after_last_sent_ms']} ms after the last ballot "
                f"(projector max cast {row['projector_max_cast']}); stored {db['participations']}, "
                f"result cast {db['result_cast']}",
                flush=True,
            )
            await asyncio.sleep(1)
        vs = harness.versions
        out["projector_versions_in_order"] = all(b > a for a, b in zip(vs, vs[1:], strict=False))
        out["projector_version_gaps"] = sum(1 for a, b in zip(vs, vs[1:], strict=False) if b != a + 1)
        out["resync_snapshots"] = dict(harness.snapshots)
        out["tablet_messages"] = harness.tablet_messages
        return out
    finally:
        await harness.close()
        await asyncio.gather(*(asyncio.wait_for(ws.close(), 5) for ws in sockets), return_exceptions=True)
        if http is not None:
            await http.aclose()


async def post(http: Any, port: int, sid: int, d: dict[str, Any], text: str, trial: Trial, i: int) -> None:
    """One ballot as ``POST /api/sessions/{id}/actions/ballot.cast`` (cookie + CSRF header of the minted session)."""
    body = json.loads(text)
    try:
        response = await http.post(
            f"http://127.0.0.1:{port}/api/sessions/{sid}/actions/ballot.cast",
            json={k: body[k] for k in ("vote_id", "ballot_id", "choice")},
            headers={
                "Cookie": common.mint_cookie(d),
                "x-csrf-token": f"bench-csrf-{d['user_id']}",
            },
        )
        stamp = time.perf_counter()
        if response.status_code == 200:
            trial.acks[i] = stamp
        else:
            trial.errors[i] = f"HTTP {response.status_code}: {response.text[:150]}"
    except Exception as exc:  # noqa: BLE001 - reported as an error of this ballot
        trial.errors[i] = f"{type(exc).__name__}: {exc}"[:200]
    if len(trial.acks) + len(trial.errors) >= trial.n:
        trial.acked_all.set()


def report(result: dict[str, Any]) -> str:
    t = result["trials"]
    finals = [x["final_tally_after_last_sent_ms"] for x in t]
    ok_finals = [f for f in finals if f is not None]
    lines = [
        f"{result['ballots']} ballots over ≤ {result['spread_s']} s, {result['processes']} process(es), "
        f"{result['database_kind']}{' + Redis' if result.get('redis') else ''}, ballots via {result['via']}",
        "| trial | sent over ms | acks | errors | ack p50 ms | ack p99 ms | last ack after last ballot ms | "
        "final tally (cast = N) on projector after last ballot ms | projector max cast | stored | result cast | "
        "lost | tablets dropped | committed / s | server CPU s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for i, x in enumerate(t, 1):
        lines.append(
            f"| {i} | {x['send_spread_ms']} | {x['acks']} | {x['errors']} | {x['ack_p50_ms']} | "
            f"{x['ack_p99_ms']} | {x['last_ack_after_last_sent_ms']} | "
            f"{x['final_tally_after_last_sent_ms'] if x['final_tally_after_last_sent_ms'] is not None else 'never'}"
            f" | {x['projector_max_cast']} | {x['db']['participations']} | {x['db']['result_cast']} | "
            f"{x['lost']} | {x['tablets_dropped']} | {x['committed_per_s']} | {x['server_cpu_s']} |"
        )
    all_acked = all(x["acks"] == result["ballots"] and x["errors"] == 0 for x in t)
    no_loss = all(x["lost"] == 0 and x["db"]["result_cast"] == result["ballots"] for x in t)
    lines.append(
        "per trial — acked but not stored: "
        + ", ".join(str(x["acked_not_stored"]) for x in t)
        + "; sent, never answered (no ack, no error): "
        + ", ".join(str(x["unanswered"]) for x in t)
        + " (of which not stored: "
        + ", ".join(str(x["unanswered_not_stored"]) for x in t)
        + ")"
        + "; error samples: "
        + "; ".join(sorted({e for x in t for e in x["error_samples"]}))[:400]
    )
    in_time = len(ok_finals) == len(t) and common.median(ok_finals) <= 300
    lines.append(
        f"median final-tally latency: {common.median(ok_finals) if ok_finals else 'never'} ms "
        f"({len(ok_finals)}/{len(t)} trials reached cast = N on the projector); all acked: {all_acked}; "
        f"none lost: {no_loss}; projector versions in order: {result['projector_versions_in_order']} "
        f"(gaps {result['projector_version_gaps']}); resync snapshots {result['resync_snapshots']}"
    )
    lines.append(
        f"target (all acked, none lost, final tally ≤ 300 ms): {'MET' if all_acked and no_loss and in_time else 'NOT MET'}"
    )
    attacked = [x for x in t if x.get("under_attack")]
    if attacked:
        quiet = [x["ack_p99_ms"] for x in t if not x.get("under_attack") and x["ack_p99_ms"] is not None]
        loud = [x["ack_p99_ms"] for x in attacked if x["ack_p99_ms"] is not None]
        ratio = common.median(loud) / common.median(quiet) if quiet and loud else None
        counts: dict[str, int] = {}
        for x in attacked:
            for key, value in (x["attack_counts"] or {}).items():
                counts[key] = counts.get(key, 0) + value
        lines.append(
            f"ack p99, median of quiet trials {common.median(quiet) if quiet else '?'} ms, under attack "
            f"{common.median(loud) if loud else '?'} ms — ratio {round(ratio, 2) if ratio else '?'} "
            f"(target ≤ 2: {'MET' if ratio is not None and ratio <= 2 and all_acked else 'NOT MET'}); "
            f"what the attackers got: {dict(sorted(counts.items()))}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database",
        default=str(OUT / "ballots.sqlite"),
        help="SQLite path, or a PostgreSQL URL of a dedicated database that is DROPPED and "
        "recreated (default: %(default)s)",
    )
    parser.add_argument("--ballots", type=int, default=500, help="delegates who vote (default: %(default)s)")
    parser.add_argument("--spread", type=float, default=1.0, help="ballots are sent evenly over this many s")
    parser.add_argument(
        "--trials", type=int, default=3, help="votes, one after the other (default: %(default)s)"
    )
    parser.add_argument("--processes", type=int, default=1, choices=[1, 2])
    parser.add_argument("--redis", help="Redis URL for --processes 2, e.g. redis://127.0.0.1:6379/0")
    parser.add_argument("--settle", type=float, default=1.0, help="pause after vote.open, s")
    parser.add_argument("--trial-timeout", type=float, default=60)
    parser.add_argument("--connect-timeout", type=float, default=300)
    parser.add_argument("--connect-concurrency", type=int, default=20)
    parser.add_argument(
        "--budget", type=float, default=900, help="hard stop for the whole run, s (default: %(default)s)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the hall in --manifest instead of rebuilding it"
    )
    parser.add_argument("--manifest", type=Path, default=OUT / "ballots-hall.json")
    parser.add_argument(
        "--via",
        choices=["websocket", "http"],
        default="websocket",
        help="how tablets send ballots; 'http' (POST …/actions/ballot.cast, no tablet websockets) "
        "isolates the database commits from the fan-out to 500 screens",
    )
    parser.add_argument(
        "--snapshots",
        action="store_true",
        help="tablets connect asking for a full snapshot (default: resume with ?since=)",
    )
    parser.add_argument(
        "--secret", action="store_true", help="secret ballots (sealed, counted at the close) instead of named"
    )
    parser.add_argument("--pin", action="store_true", help="servers on CPU 0, harness on CPU 1")
    parser.add_argument(
        "--under-attack",
        action="store_true",
        help="every second trial runs during a sign-in flood, an anonymous upload bomb and a costly PDF "
        "upload (bench/attack.py); the report compares the ack p99 with the quiet trials'",
    )
    parser.add_argument("--flood-clients", type=int, default=16, help="wrong-password clients (default: 16)")
    parser.add_argument("--bomb-clients", type=int, default=16, help="52 MB upload clients (default: 16)")
    parser.add_argument("--no-costly", action="store_true", help="without the costly PDF upload")
    parser.add_argument("--output", type=Path, default=OUT / "ballots-result.json")
    args = parser.parse_args(argv)
    if not 2 <= args.ballots <= 5000 or not 1 <= args.trials <= 20 or not 0 <= args.spread <= 10:
        parser.error("need 2 ≤ ballots ≤ 5000, 1 ≤ trials ≤ 20, 0 ≤ spread ≤ 10")
    if args.processes == 2:
        if not args.redis:
            parser.error("--processes 2 needs --redis")
        if not args.database.startswith("postgres"):
            parser.error("--processes 2 needs a PostgreSQL database")
    if args.redis and not args.redis.startswith("redis://127.0.0.1"):
        parser.error("the benchmarks only talk to 127.0.0.1")
    common.raise_fd_limit()
    server_cpus, harness_cpus = common.default_pinning(args.pin)
    args.attacker_cpus = harness_cpus  # (the attacker is another machine: never on the servers' CPUs)
    load_before = os.getloadavg()
    with common.deadline(args.budget):
        if args.reuse:
            manifest = json.loads(args.manifest.read_text())
        else:
            from bench.setup_hall import build

            print(f"building a hall of {args.ballots} delegates in {args.database} …", flush=True)
            manifest = build(args.database, args.ballots, args.manifest)
        common.pin_to(harness_cpus)
        with common.Servers(OUT / "logs" / args.output.stem, server_cpus) as servers:
            ports = [common.free_port() for _ in range(args.processes)]
            procs = [
                servers.kyhop(f"ballots-kyhop{i}", manifest["database_url"], port, redis_url=args.redis)
                for i, port in enumerate(ports)
            ]
            print(f"servers up: {[(p.pid, port) for p, port in zip(procs, ports, strict=True)]}", flush=True)
            result = asyncio.run(run(args, manifest, ports, [p.pid for p in procs]))
    result.update(
        {
            "via": args.via,
            "database_kind": "postgresql" if manifest["database_url"].startswith("postgresql") else "sqlite",
            "redis": args.redis,
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
