"""The shape of ``web/`` (no browser needed): every file a page or a module names exists, each page's
script stands beside its HTML, shared code lives in ``web/lib/`` and only there, and the service worker
precaches everything the pages that open offline load."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path, PurePosixPath

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
LIB = WEB / "lib"
SERVICE_WORKER = WEB / "sw.js"

HTML = sorted(WEB.rglob("*.html"))
JS = sorted(WEB.rglob("*.js"))
CSS = sorted(WEB.rglob("*.css"))
PAGE_SCRIPTS = [p for p in JS if LIB not in p.parents and p != SERVICE_WORKER]

MAX_LINES = 400  # one concern a file: past this, a file holds two

HTML_REFS = re.compile(r"<(?:script|img)\b[^>]*\ssrc=\"([^\"]+)\"|<link\b[^>]*\shref=\"([^\"]+)\"")
JS_IMPORTS = re.compile(
    r"\bfrom\s*\"([^\"]+)\"|^\s*import\s*\"([^\"]+)\"|\bimport\(\s*\"([^\"]+)\"\s*\)", re.M
)
CSS_REFS = re.compile(r"@import\s+(?:url\()?\s*\"([^\"]+)\"|url\(\s*\"?([^\")]+)\"?\s*\)")


def url_of(path: Path) -> str:
    """The address the server gives a file of web/ (StaticFiles at the root)."""
    return "/" + path.relative_to(WEB).as_posix()


def file_of(url: str) -> Path:
    """The file of web/ an address names: "/" and "/console/" are their folder's index.html."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    return WEB / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


def resolve(reference: str, base: Path) -> str:
    """An address as the browser resolves it from the page or module at `base`."""
    if reference.startswith("/"):
        return reference
    parts: list[str] = []
    for part in (PurePosixPath(url_of(base)).parent / reference).parts[1:]:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/" + "/".join(parts)


@cache
def references(path: Path) -> tuple[str, ...]:
    """The addresses a page, a module or a stylesheet loads directly (resolved, same site only)."""
    text = path.read_text("utf-8")
    pattern = {".html": HTML_REFS, ".js": JS_IMPORTS, ".css": CSS_REFS}[path.suffix]
    found = [next(g for g in m.groups() if g) for m in pattern.finditer(text)]
    return tuple(resolve(ref, path) for ref in found if not ref.startswith(("data:", "#")))


def loaded_by(page: Path) -> set[str]:
    """Every address a page needs, following imports from module to module and stylesheet to stylesheet."""
    seen: set[str] = set()
    todo = list(references(page))
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        target = file_of(url)
        if target.suffix in (".js", ".css") and target.is_file():
            todo.extend(references(target))
    return seen


def exported_names(path: Path) -> set[str]:
    declared = r"^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+([\w$]+)"
    return set(re.findall(declared, path.read_text("utf-8"), re.M))


def imported_names(path: Path) -> dict[str, set[str]]:
    """`import { a, b as c } from "x"` → {resolved address of x: {"a", "b"}}."""
    found: dict[str, set[str]] = {}
    for names, ref in re.findall(r"import\s*\{([^}]*)\}\s*from\s*\"([^\"]+)\"", path.read_text("utf-8")):
        wanted = {n.split(" as ")[0].strip() for n in names.split(",") if n.strip()}
        found.setdefault(resolve(ref, path), set()).update(wanted)
    return found


def declared_names(path: Path) -> set[str]:
    """Names a script declares itself: functions, classes, variables (not object keys or parameters)."""
    declared = r"(?<![\w$.])(?:function\*?|class|const|let|var)\s+([\w$]+)"
    return set(re.findall(declared, path.read_text("utf-8")))


def precached() -> list[str]:
    body = re.search(r"const SHELL = \[(.*?)\];", SERVICE_WORKER.read_text("utf-8"), re.S)
    assert body, "the service worker's SHELL list is not where this test looks for it"
    return re.findall(r"\"([^\"]+)\"", body.group(1))


def part_of(script: Path, page: Path) -> bool:
    """`tablet.js` and `tablet-vote.js` belong to `tablet.html` in the same folder."""
    return script.parent == page.parent and (
        script.stem == page.stem or script.stem.startswith(page.stem + "-")
    )


def test_the_scan_finds_pages_modules_and_stylesheets() -> None:
    assert len(HTML) >= 15 and len(PAGE_SCRIPTS) >= 15 and len(list(LIB.glob("*.js"))) >= 10 and CSS
    assert "/lib/api.js" in loaded_by(WEB / "tablet.html"), "the import scan is broken"


@pytest.mark.parametrize("path", HTML + JS + CSS, ids=lambda p: str(p.relative_to(WEB)))
def test_every_file_a_page_a_module_or_a_stylesheet_names_exists(path: Path) -> None:
    missing = [url for url in references(path) if not file_of(url).is_file()]
    assert missing == []


@pytest.mark.parametrize("path", JS, ids=lambda p: str(p.relative_to(WEB)))
def test_every_name_a_module_imports_is_exported_there(path: Path) -> None:
    unknown = {
        url: sorted(names - exported_names(file_of(url)))
        for url, names in imported_names(path).items()
        if file_of(url).is_file() and names - exported_names(file_of(url))
    }
    assert unknown == {}


@pytest.mark.parametrize("path", JS, ids=lambda p: str(p.relative_to(WEB)))
def test_every_name_a_module_imports_is_used_there(path: Path) -> None:
    text = path.read_text("utf-8")
    body = re.sub(r"import\s*\{[^}]*\}\s*from\s*\"[^\"]+\";", "", text)
    imported = set().union(set(), *imported_names(path).values())
    assert sorted(n for n in imported if not re.search(rf"(?<![\w$]){re.escape(n)}(?![\w$])", body)) == []


@pytest.mark.parametrize("path", PAGE_SCRIPTS, ids=lambda p: str(p.relative_to(WEB)))
def test_a_page_script_stands_beside_its_page_and_serves_only_it(path: Path) -> None:
    """`tablet.js` (and its parts `tablet-*.js`) beside `tablet.html`; code two pages need is in web/lib/."""
    page = next((html for html in sorted(path.parent.glob("*.html")) if part_of(path, html)), None)
    assert page, f"no page {path.stem}.html beside {path.name}"
    users = {p for p in HTML + JS if url_of(path) in references(p)}
    own = {page} | {p for p in PAGE_SCRIPTS if part_of(p, page)}
    assert users and users <= own, f"used by {sorted(str(u.relative_to(WEB)) for u in users - own)}"


@pytest.mark.parametrize("path", sorted(LIB.glob("*.js")), ids=lambda p: p.name)
def test_a_shared_module_imports_only_shared_modules(path: Path) -> None:
    assert [url for url in references(path) if not url.startswith("/lib/")] == []


def test_the_service_worker_precaches_everything_the_offline_pages_load() -> None:
    shell = precached()
    assert [url for url in shell if not file_of(url).is_file()] == []
    pages = sorted({file_of(url) for url in shell if file_of(url).suffix == ".html"})
    assert {p.name for p in pages} >= {
        "index.html",
        "tablet.html",
        "reader.html",
        "session.html",
        "signin.html",
    }
    needed = {url: page for page in pages for url in loaded_by(page)}
    assert {url: url_of(page) for url, page in needed.items() if url not in shell} == {}


def test_the_service_worker_and_the_offline_module_name_the_same_data_cache() -> None:
    def cache_name(path: Path) -> str:
        found = re.search(r"DATA_CACHE = \"([^\"]+)\"", path.read_text("utf-8"))
        assert found, path
        return found.group(1)

    assert cache_name(SERVICE_WORKER) == cache_name(LIB / "offline.js")


def test_a_shared_helper_is_defined_once_in_web_lib() -> None:
    owners: dict[str, list[str]] = {}
    for path in sorted(LIB.glob("*.js")):
        for name in exported_names(path):
            owners.setdefault(name, []).append(path.name)
    assert {name: files for name, files in owners.items() if len(files) > 1} == {}


@pytest.mark.parametrize("path", PAGE_SCRIPTS, ids=lambda p: str(p.relative_to(WEB)))
def test_no_page_script_defines_again_a_helper_of_web_lib(path: Path) -> None:
    """`$`, `renderIf`, `idFromAddress`, `act`… come from web/lib/, not from a copy in the page."""
    shared = set().union(*(exported_names(p) for p in LIB.glob("*.js")))
    assert {"$", "renderIf", "idFromAddress", "act"} <= shared, "the export scan is broken"
    assert sorted(declared_names(path) & shared) == []


@pytest.mark.parametrize("path", PAGE_SCRIPTS, ids=lambda p: str(p.relative_to(WEB)))
def test_a_page_reads_its_address_through_web_lib(path: Path) -> None:
    """`?session=7` is read by lib/page.js (a positive whole number, or nothing), not parsed again."""
    text = path.read_text("utf-8")
    assert "URLSearchParams(window.location.search)" not in text and "Number.isInteger(sessionId)" not in text


@pytest.mark.parametrize("path", JS + CSS, ids=lambda p: str(p.relative_to(WEB)))
def test_no_script_or_stylesheet_grows_past_four_hundred_lines(path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= MAX_LINES
