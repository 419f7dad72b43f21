"""A bounded fuzz pass over the whole HTTP API, generated from the OpenAPI document the server serves
(Schemathesis): every operation, with data that fits its schema and data that does not, as an anonymous
visitor and as a delegate, a secretary and an administrator. No request may get a 5xx; every answer has a
status, a media type and a body its operation documents (Schemathesis's conformance checks); and every
refusal is JSON in both languages. ``KYHOP_FUZZ_EXAMPLES`` (default 8) sets the examples per operation and
mode."""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.testclient import TestClient

from tests.conftest import ADMIN, DELEGATE, SECRETARY

EXAMPLES = int(os.environ.get("KYHOP_FUZZ_EXAMPLES", "8"))
ROLES = {"anonymous": None, "delegate": DELEGATE, "secretary": SECRETARY, "admin": ADMIN}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Ending one's own sign-in makes the rest of the pass anonymous: fuzzed in the anonymous pass only.
SIGNS_OUT = {("POST", "/api/auth/logout"), ("POST", "/api/auth/password")}


def credentials_headers(app: Any, who: tuple[str, str] | None) -> dict[str, str]:
    """The cookie and CSRF header of a browser signed in as ``who`` (None: an anonymous visitor)."""
    with TestClient(app) as client:
        csrf = client.get("/api/me").json()["csrf_token"]
        if who is not None:
            response = client.post(
                "/api/auth/login",
                json={"username": who[0], "password": who[1]},
                headers={"x-csrf-token": csrf},
            )
            csrf = response.json()["csrf_token"]
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    return {"cookie": cookie, "x-csrf-token": csrf}


def faults(app: Any, headers: dict[str, str], role: str) -> list[str]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    found: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if role != "anonymous" and (operation.method.upper(), operation.path) in SIGNS_OUT:
            continue
        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES * 2,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            try:
                response = case.call(headers=headers)
            except Exception as exc:  # an exception escaping the app is a server error too
                found.append(f"{case.method} {case.formatted_path}: raised {exc!r}")
                return
            status = response.status_code
            label = f"{case.method} {case.formatted_path} query={case.query} body={str(case.body)[:120]!r}"
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except FailureGroup as failures:
                found.extend(
                    f"{label}: {status} {failure.title}: {failure.message[:300]}"
                    for failure in failures.exceptions
                )
            if 400 <= status < 500 and case.path.startswith("/api/"):
                try:
                    error = response.json()["error"]
                    assert error["message_vi"] and error["message_en"]
                except Exception:
                    found.append(
                        f"{label}: {status} is not a JSON error in both languages: {response.text[:200]}"
                    )

        run()
    return found


def test_no_request_of_the_fuzz_pass_gets_a_server_error_or_an_undocumented_answer(
    app: Any, database_url: str
) -> None:
    # On PostgreSQL: the visitor, and the role that reaches the most (the secretary).
    roles = ["anonymous", "secretary"] if database_url.startswith("postgresql") else list(ROLES)
    errors: list[str] = []
    for role in roles:
        headers = credentials_headers(app, ROLES[role])
        errors += [f"[{role}] {error}" for error in faults(app, headers, role)]
    assert not errors, f"{len(errors)} faults:\n" + "\n".join(errors[:40])
