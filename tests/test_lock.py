"""The lock files (.ci/requirements.txt, .ci/requirements-test.txt; written by .ci/lock) pin every dependency
pyproject.toml declares, at a version it allows, with hashes — so a fresh machine installs exactly what CI
tested, and a dependency added without re-locking fails here rather than on that machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def pins(lock: Path) -> dict[str, tuple[str, list[str]]]:
    """Name → (version, hashes) of every requirement in a hash-checked lock file."""
    found: dict[str, tuple[str, list[str]]] = {}
    for entry in re.split(r"\n(?=\S)", lock.read_text()):
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", entry)
        if match:
            found[canonicalize_name(match[1])] = (
                match[2],
                re.findall(r"--hash=sha256:([0-9a-f]{64})", entry),
            )
    return found


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    return [Requirement(line) for line in wanted]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.txt", ()), ("requirements-test.txt", ("test",))],
    ids=["server", "test"],
)
def test_every_declared_dependency_is_pinned_with_hashes_at_an_allowed_version(
    lock: str, extras: tuple[str, ...]
) -> None:
    locked = pins(ROOT / ".ci" / lock)
    for requirement in declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in .ci/{lock}: run .ci/lock"
        version, hashes = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{requirement} but .ci/{lock} pins {version}: run .ci/lock"
        )
        assert hashes, f"{requirement.name} has no hash in .ci/{lock}"


def test_the_test_lock_keeps_the_server_locks_versions() -> None:
    server, test = pins(ROOT / ".ci" / "requirements.txt"), pins(ROOT / ".ci" / "requirements-test.txt")
    assert {name: server[name][0] for name in server} == {name: test[name][0] for name in server}
