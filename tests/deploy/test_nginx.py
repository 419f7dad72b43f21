"""The production set-up of docs/deployment.md, run: nginx with the shipped docs/deploy/nginx.conf (only its
addresses, ports and certificate paths replaced) in front of two ``kyhop serve`` processes on PostgreSQL and
Redis, configured from docs/deploy/kyhop.env. Through HTTPS: the redirect from HTTP, a sign-in with a Secure
cookie, the caller's address as the server sees it, an upload, and a vote on a websocket of one process seen
on a projector connected (through the same proxy) to the other."""

from __future__ import annotations

import re
import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from session_server import signin_delays
from tests.conftest import IN_CI
from tests.servers import Socket, cookie, free_port, hall_with_accounts, serve, signed_in, stop

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.nginx]

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Proxied:
    https: str
    http: str
    tls: ssl.SSLContext
    hall: dict[str, Any]
    ca: Path


def env_file_settings() -> dict[str, str]:
    """The KYHOP_* settings of the shipped env file that do not name this machine's paths or services."""
    settings = {}
    for line in (DEPLOY / "kyhop.env").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            settings[name] = value
    return {
        name: value
        for name, value in settings.items()
        if name
        in (
            "KYHOP_SECURE_COOKIES",
            "KYHOP_TRUST_FORWARDED_FOR",
            "KYHOP_DB_POOL_SIZE",
            "KYHOP_DB_MAX_OVERFLOW",
        )
    }


def site_config(ports: list[int], https_port: int, http_port: int, cert: Path, key: Path) -> str:
    site = (DEPLOY / "nginx.conf").read_text()
    site = site.replace("127.0.0.1:8001", f"127.0.0.1:{ports[0]}").replace(
        "127.0.0.1:8002", f"127.0.0.1:{ports[1]}"
    )
    site = re.sub(r"^\s*listen \[::\]:.*$\n", "", site, flags=re.M)
    site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl").replace(
        "listen 80;", f"listen 127.0.0.1:{http_port};"
    )
    site = site.replace("server_name hdnd.example.gov.vn;", "server_name localhost;")
    site = site.replace("/etc/ssl/kyhop/fullchain.pem", str(cert)).replace(
        "/etc/ssl/kyhop/privkey.pem", str(key)
    )
    directives = "\n".join(line for line in site.splitlines() if not line.lstrip().startswith("#"))
    assert "8001" not in directives and "/etc/" not in directives  # every machine-specific line was replaced
    return site


def main_config(root: Path, site: str) -> str:
    """What /etc/nginx/nginx.conf gives the site on a server, in a folder of the test's own."""
    temp = "\n".join(
        f"    {name}_temp_path {root / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
pid {root / "nginx.pid"};
error_log {root / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
{temp}
{site}
}}
"""


def self_signed(root: Path) -> tuple[Path, Path]:
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def forget_sign_in_delays(redis_url: str) -> None:
    """The servers count wrong passwords in the test Redis for an hour, per address: an earlier run's from
    127.0.0.1 would delay this one's."""
    client = redis.Redis.from_url(redis_url)
    try:
        names = list(client.scan_iter(match=f"{signin_delays.PREFIX}*", count=500))
        if names:
            client.delete(*names)
    finally:
        client.close()


@pytest.fixture
def proxied(postgres_schema_url: str, redis_url: str, tmp_path: Path) -> Iterator[Proxied]:
    if not Path(NGINX).exists():
        if IN_CI:
            pytest.fail("nginx is required in CI for the deployment test (.ci/test installs it)")
        pytest.skip("nginx is not installed")
    hall = hall_with_accounts(postgres_schema_url, delegates=4)
    forget_sign_in_delays(redis_url)
    ports = [free_port(), free_port()]
    settings = {**env_file_settings(), "KYHOP_REDIS_URL": redis_url, "KYHOP_PUBLIC_URL": "https://localhost"}
    processes: list[subprocess.Popen[bytes]] = []
    nginx = None
    try:
        for port in ports:
            processes.append(serve(postgres_schema_url, port, tmp_path / "files", **settings))
        root = tmp_path / "nginx"
        root.mkdir()
        cert, key = self_signed(root)
        https_port, http_port = free_port(), free_port()
        (root / "nginx.conf").write_text(
            main_config(root, site_config(ports, https_port, http_port, cert, key))
        )
        check = subprocess.run(
            [NGINX, "-t", "-p", str(root), "-c", str(root / "nginx.conf")], capture_output=True
        )
        assert check.returncode == 0, check.stderr.decode()
        nginx = subprocess.Popen(
            [NGINX, "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        tls = ssl.create_default_context(cafile=str(cert))
        https = f"https://localhost:{https_port}"
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.get(f"{https}/api/me", verify=tls, timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or nginx.poll() is not None:
                    raise
                time.sleep(0.1)
        yield Proxied(https=https, http=f"http://127.0.0.1:{http_port}", tls=tls, hall=hall, ca=cert)
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        stop(processes)


def test_plain_http_is_sent_to_https(proxied: Proxied) -> None:
    response = httpx.get(f"{proxied.http}/tablet.html", headers={"Host": "localhost"})
    assert response.status_code == 301
    assert response.headers["location"] == "https://localhost/tablet.html"


def test_a_sign_in_through_the_proxy_gets_a_secure_cookie(proxied: Proxied) -> None:
    with httpx.Client(base_url=proxied.https, verify=proxied.tls, timeout=30) as client:
        signed_in(client, "thukyhop")
        session_cookie = [c for c in client.cookies.jar if c.name == "kyhop_session"][0]
        assert session_cookie.secure
        assert client.get("/api/me").json()["user"]["username"] == "thukyhop"


def test_a_caller_cannot_escape_the_sign_in_delays_by_writing_its_own_forwarded_address(
    proxied: Proxied,
) -> None:
    """nginx overwrites X-Forwarded-For: six wrong passwords sent with six made-up addresses all count against
    the caller's real one, and the sixth is delayed (429) — on either process (the counts are in Redis)."""
    statuses = []
    with httpx.Client(base_url=proxied.https, verify=proxied.tls, timeout=30) as client:
        csrf = client.get("/api/me").json()["csrf_token"]
        for i in range(6):
            response = client.post(
                "/api/auth/login",
                json={"username": "daibieu1", "password": f"sai-{i}"},
                headers={"x-csrf-token": csrf, "X-Forwarded-For": f"203.0.113.{i + 1}"},
            )
            statuses.append(response.status_code)
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429


def test_an_upload_streams_through_the_proxy(proxied: Proxied) -> None:
    from tests.session_server.api.test_documents import sample_pdf

    sid = proxied.hall["session_id"]
    with httpx.Client(base_url=proxied.https, verify=proxied.tls, timeout=30) as client:
        csrf = signed_in(client, "thukyhop")
        response = client.post(
            f"/api/sessions/{sid}/documents",
            headers={"x-csrf-token": csrf},
            data={"title": "TỜ TRÌNH qua proxy", "access": "delegates", "publish": "true"},
            files={"file": ("to-trinh.pdf", sample_pdf("TỜ TRÌNH qua proxy"), "application/pdf")},
        )
        assert response.status_code == 201, response.text
        anonymous = httpx.post(
            f"{proxied.https}/api/sessions/{sid}/documents",
            verify=proxied.tls,
            files={"file": ("big.pdf", b"%PDF-1.7\n" + b"0" * (8 * 1024 * 1024), "application/pdf")},
            timeout=30,
        )
        assert anonymous.status_code in (401, 403)  # refused by the server, through the proxy


def test_a_vote_on_one_process_reaches_a_projector_on_the_other_through_the_proxy(proxied: Proxied) -> None:
    sid = proxied.hall["session_id"]
    with ExitStack() as stack:
        console = Socket(
            stack, proxied.https, sid, cookie(proxied.https, "thukyhop", proxied.tls), ssl=proxied.tls
        )
        # nginx hands connections to the two processes in turn: of two projectors, one is on each.
        projectors = [Socket(stack, proxied.https, sid, ssl=proxied.tls) for _ in range(2)]
        console.send("open", {"type": "action", "action": "sitting.open"})
        tablets = [
            Socket(
                stack,
                proxied.https,
                sid,
                cookie(proxied.https, f"daibieu{i + 1}", proxied.tls),
                ssl=proxied.tls,
            )
            for i in range(4)
        ]
        for i, tablet in enumerate(tablets):
            tablet.send(f"in{i}", {"type": "action", "action": "attendance.check_in"})
        vote = console.send("vote", {"type": "action", "action": "vote.open", "data": {"title": "Qua proxy"}})
        vote_id = vote["result"]["vote_id"]
        for i, tablet in enumerate(tablets):
            tablet.send(
                f"b{i}",
                {"type": "ballot", "vote_id": vote_id, "ballot_id": f"through-proxy-{i}", "choice": "yes"},
            )
        console.send("close", {"type": "action", "action": "vote.close", "data": {"vote_id": vote_id}})
        for projector in projectors:
            closed = projector.until(lambda m: m.get("event") == "vote.closed")
            assert closed["data"]["vote"]["result"]["cast"] == 4
