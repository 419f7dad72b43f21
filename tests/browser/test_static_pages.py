"""Checks on the page sources themselves: both catalogues have the same keys, every key the pages use
exists, and no markup needs what the Content-Security-Policy forbids (inline scripts, styles, handlers)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WEB = Path(__file__).resolve().parents[2] / "web"
CATALOGUES = {
    lang: json.loads((WEB / "i18n" / f"{lang}.json").read_text(encoding="utf-8")) for lang in ("vi", "en")
}
HTML = sorted(WEB.rglob("*.html"))
JS = sorted(WEB.rglob("*.js"))


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    vi, en = CATALOGUES["vi"], CATALOGUES["en"]
    assert sorted(set(vi) ^ set(en)) == []
    for key in vi:
        assert vi[key].strip() and en[key].strip(), key
        assert set(re.findall(r"\{(\w+)\}", vi[key])) == set(re.findall(r"\{(\w+)\}", en[key])), key


def test_every_key_used_by_the_pages_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for path in HTML:
        used |= set(
            re.findall(r'data-i18n(?:-placeholder|-aria-label|-title)?="([^"]+)"', path.read_text("utf-8"))
        )
    for path in JS:
        text = path.read_text("utf-8")
        used |= set(re.findall(r'\bt\(\s*"([^"]+)"', text))
        used |= set(re.findall(r'(?:label|hint|placeholder|group|key): "([a-z_]+\.[a-z_.0-9]+)"', text))
    assert used, "no keys found: the scan is broken"
    assert sorted(used - set(CATALOGUES["vi"])) == []


@pytest.mark.parametrize("path", HTML, ids=lambda p: str(p.relative_to(WEB)))
def test_markup_respects_the_content_security_policy(path: Path) -> None:
    text = path.read_text("utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"<style\b", text), "inline <style>"
    assert not re.search(r"\sstyle\s*=", text), "style= attribute"
    assert not re.search(r"\son[a-z]+\s*=", text), "on…= handler attribute"
    assert 'lang="vi"' in text and 'name="viewport"' in text
    assert '<main id="main"' in text, "every page has the main landmark the skip link targets"


@pytest.mark.parametrize(
    "path", [p for p in HTML if "<form" in p.read_text("utf-8")], ids=lambda p: str(p.relative_to(WEB))
)
def test_a_page_with_a_form_stops_the_browser_sending_it_before_the_page_module_has_loaded(
    path: Path,
) -> None:
    head = path.read_text("utf-8").split("</head>", 1)[0]
    guard = head.find('<script src="/lib/form-guard.js"></script>')
    assert guard >= 0, "a form sent before the module loads would go into the address (and the logs) as a GET"
    assert guard < head.find('<script type="module"'), "the guard must run before the page's module"


@pytest.mark.parametrize("path", JS, ids=lambda p: str(p.relative_to(WEB)))
def test_scripts_do_not_write_html_strings_or_inline_styles(path: Path) -> None:
    text = path.read_text("utf-8")
    assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "document.write" not in text
    assert not re.search(r"setAttribute\(\s*\"style\"", text)
    assert "eval(" not in text and "new Function" not in text
