"""A secret ballot acknowledged to a tablet survives the server killed mid-vote (kill -9): the sealed ballot
and its key are on disk before the acknowledgement, the restarted server keeps the key of the still-open
vote, and the close counts every acknowledged ballot — on SQLite and PostgreSQL."""

from __future__ import annotations

import signal
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.servers import Socket, cookie, free_port, hall_with_accounts, serve


@pytest.fixture
def council(database_url: str) -> dict[str, Any]:
    return hall_with_accounts(database_url, delegates=5)


def test_acknowledged_secret_ballots_survive_kill_9(
    database_url: str, council: dict[str, Any], tmp_path: Path, ballot_keys: Path
) -> None:
    sid = council["session_id"]
    port = free_port()
    server = serve(database_url, port, tmp_path / "files")
    choices = ["yes", "no", "yes", "abstain"]
    try:
        with ExitStack() as stack:
            console = Socket(stack, port, sid, cookie(port, "thukyhop"))
            console.send("open", {"type": "action", "action": "sitting.open"})
            tablets = [Socket(stack, port, sid, cookie(port, f"daibieu{i + 1}")) for i in range(5)]
            for i, tablet in enumerate(tablets):
                tablet.send(f"in{i}", {"type": "action", "action": "attendance.check_in"})
            opened = console.send(
                "vote",
                {
                    "type": "action",
                    "action": "vote.open",
                    "data": {"title": "Biểu quyết kín", "secret": True},
                },
            )
            vote_id = opened["result"]["vote_id"]
            for i, choice in enumerate(choices):
                tablets[i].send(
                    f"b{i}",
                    {
                        "type": "ballot",
                        "vote_id": vote_id,
                        "ballot_id": f"crash-ballot-{i}",
                        "choice": choice,
                    },
                )
            server.send_signal(signal.SIGKILL)  # the moment the fourth acknowledgement arrived
            server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
    assert len(list(ballot_keys.rglob("*.key"))) == 1  # the restart must not lose it: the vote is open

    server = serve(database_url, port, tmp_path / "files")
    try:
        with ExitStack() as stack:
            console = Socket(stack, port, sid, cookie(port, "thukyhop"))
            late = Socket(stack, port, sid, cookie(port, "daibieu5"))
            late.send(
                "b4", {"type": "ballot", "vote_id": vote_id, "ballot_id": "crash-ballot-4", "choice": "no"}
            )
            console.send("close", {"type": "action", "action": "vote.close", "data": {"vote_id": vote_id}})
            closed = console.until(lambda m: m.get("event") == "vote.closed")
    finally:
        server.terminate()
        server.wait(timeout=10)
    result = closed["data"]["vote"]["result"]
    assert result["cast"] == 5
    assert {line["option"]: line["count"] for line in result["options"]} == {"yes": 2, "no": 2, "abstain": 1}
    assert list(ballot_keys.rglob("*.key")) == []
