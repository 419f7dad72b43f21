"""Issue 12: the hall's screens at every size, with the demo's longest texts and texts as long as the API
accepts. A screen fails when the page scrolls sideways, when its main content is out of view or clipped by
a box around it, when a seat's name or a button's label is cut, when a notice covers the ballot
confirmation, or when the document reader does not show the page first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, serve
from tests.browser.demo_hall import LONG_LABEL, LONG_PRESENTER, LONG_TITLE, LONG_VOTE, Chair, seed_demo
from tests.browser.hall import Screens

pytestmark = pytest.mark.browser

PROJECTORS = [(1280, 720), (1280, 800), (1920, 1080), (3840, 2160)]
TABLETS = [(1024, 768), (820, 1180), (1180, 820)]  # a 10-inch tablet, landscape and portrait
DELEGATE_TABLETS = [(1280, 800), (800, 1280), *TABLETS]

# Problems with the layout of the page, as sentences: [] when there are none.
# `seen`: selectors of the content that must be wholly in view (and not clipped by a box around it);
# `labels`: selectors of labels that must not be cut (wider than their box, or beyond a box that clips).
PROBLEMS = """([seen, labels]) => {
  const problems = [];
  const root = document.documentElement;
  const [vw, vh] = [root.clientWidth, window.innerHeight];
  if (root.scrollWidth > vw) problems.push(`the page is ${root.scrollWidth} px wide on a ${vw} px screen`);
  const name = (el) => el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
  const clipper = (el, horizontal) => {
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const b = a.getBoundingClientRect();
      const out = r.left < b.left - 1 || r.right > b.right + 1
        || (!horizontal && (r.top < b.top - 1 || r.bottom > b.bottom + 1));
      if (out) return a;
    }
    return null;
  };
  for (const selector of seen) {
    const el = document.querySelector(selector);
    if (!el || !el.getClientRects().length) { problems.push(`${selector} is not shown`); continue; }
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) {
      problems.push(`${selector} is out of view (${Math.round(r.left)}, ${Math.round(r.top)}) – ` +
        `(${Math.round(r.right)}, ${Math.round(r.bottom)}) on ${vw}×${vh}`);
    }
    const box = clipper(el, false);
    if (box) problems.push(`${selector} is cut off by ${name(box)}`);
  }
  for (const el of document.querySelectorAll(labels.join(","))) {
    if (!el.getClientRects().length) continue;
    const text = el.textContent.trim();
    if (el.scrollWidth > el.clientWidth + 1) problems.push(`"${text}" is cut (${name(el)})`);
    else if (clipper(el, true)) problems.push(`"${text}" is cut off by ${name(clipper(el, true))}`);
  }
  return problems;
}"""
SEAT_LABELS = ["#pj-seating .seat-name", "#pj-seating .seat-label"]


def problems(page: Any, seen: list[str], labels: list[str]) -> list[str]:
    return list(page.evaluate(PROBLEMS, [seen, labels]))


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[LiveServer]:
    """The demo council on a server of its own per test (a sitting changes everything)."""
    with serve(tmp_path, seed_demo) as server:
        yield server


@pytest.fixture
def chair(demo: LiveServer) -> Iterator[Chair]:
    chair = Chair(demo)
    yield chair
    chair.close()


@pytest.fixture
def screens_of(chromium: Any, demo: LiveServer) -> Iterator[Screens]:
    screens = Screens(chromium, demo)
    screens.server.passwords.update({demo.ids["delegate"][0]: demo.ids["delegate"][1], "thuky": "thuky2026"})
    yield screens
    screens.close()
    if screens.problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(screens.problems))


def signed_in_at(screens: Screens, username: str, size: tuple[int, int], address: str) -> Any:
    """A device signed in through the form, straight on to ``address`` (not the heavier home page)."""
    _, page = screens.open({"width": size[0], "height": size[1]})
    page.goto(f"/signin.html?next={quote(address)}")
    page.get_by_label("Tên đăng nhập", exact=True).fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(screens.server.passwords[username])
    expect(page.locator("#password-form")).to_have_attribute("data-ready", "true")  # its module listens
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(f"**{address}*", wait_until="domcontentloaded")
    return page


# ---- The projector -----------------------------------------------------------------------------

HALL = ["#pj-heading", "#pj-clock", "#pj-quorum .quorum", "#pj-seating .seat-map", "#pj-seating .seat-legend"]


@pytest.mark.parametrize(("width", "height"), PROJECTORS, ids=[f"{w}x{h}" for w, h in PROJECTORS])
def test_the_projector_fits_the_screen_whatever_the_length_of_the_texts(
    screens_of: Screens, demo: LiveServer, chair: Chair, shots: Path, width: int, height: int
) -> None:
    longest = demo.ids["longest_item"]
    chair.open_with_most_present()
    chair.act("item.current", item_id=longest["id"])
    _, projector = screens_of.open({"width": width, "height": height})
    projector.goto(f"/projector.html?session={demo.ids['session_id']}")
    expect(projector.locator("#conn")).to_have_attribute("data-status", "open")
    found: dict[str, list[str]] = {}

    def check(scenario: str, seen: list[str]) -> None:
        found[scenario] = problems(projector, [*HALL, *seen], SEAT_LABELS)
        projector.screenshot(path=str(shots / f"layout-projector-{width}x{height}-{len(found)}.png"))

    big = ["#pj-item-big .pj-item-title", "#pj-item-big .pj-item-presenter"]
    expect(projector.locator("#pj-item-big")).to_contain_text(longest["title"])
    check("the demo's longest item", big)

    long_item = chair.add_item(LONG_TITLE, LONG_PRESENTER)
    chair.act("item.current", item_id=long_item)
    expect(projector.locator("#pj-item-big .pj-item-presenter")).to_contain_text(LONG_PRESENTER)
    check("a 500-character item, a 300-character presenter", big)
    chair.act("item.current", item_id=longest["id"])

    speaker = f"Phát biểu: {chair.longest_name()}"
    chair.act("timer.start", seconds=600, label=speaker)
    expect(projector.locator("#pj-speaker")).to_have_text(speaker)
    check("the demo's longest name speaking", ["#pj-speaker", "#pj-countdown"])

    vote = chair.open_vote(f"Thông qua {longest['title']}", longest["id"])
    expect(projector.locator("#pj-vote .tally-cast")).to_be_visible()
    expect(projector.locator("#pj-current")).to_contain_text(longest["title"][:40])
    tally = [
        "#pj-vote .pj-vote-title",
        "#pj-vote .tally-cast",
        "#pj-vote .vbars",
        "#pj-countdown",
        "#pj-current",
    ]
    check("a vote on the demo's longest item, a speaker's time running", tally)

    chair.act("vote.close", vote_id=vote)
    expect(projector.locator("#pj-vote .verdict")).to_be_visible()
    result = ["#pj-vote .pj-vote-title", "#pj-vote .verdict", "#pj-vote .result-sentence", "#pj-vote .vbars"]
    check("its result", result)

    chair.act("item.current", item_id=long_item)
    chair.act("timer.start", seconds=600, label=LONG_LABEL)
    vote = chair.open_vote(LONG_VOTE, long_item)
    expect(projector.locator("#pj-speaker")).to_have_text(LONG_LABEL)
    expect(projector.locator("#pj-vote .pj-vote-title")).to_have_text(LONG_VOTE)
    check("a 500-character item and vote, a 200-character speaker", tally)
    chair.act("vote.close", vote_id=vote)
    expect(projector.locator("#pj-vote .verdict")).to_be_visible()
    check("the 500-character vote's result", result)

    vote = chair.open_vote(LONG_VOTE, long_item, secret=True)
    expect(projector.locator("#pj-vote .tally-secret")).to_be_visible()
    check(
        "a secret ballot on it", ["#pj-vote .pj-vote-title", "#pj-vote .tally-cast", "#pj-vote .tally-note"]
    )
    chair.act("vote.close", vote_id=vote)
    expect(projector.locator("#pj-vote .verdict")).to_be_visible()
    check("the secret ballot's result", result)

    officials = chair.officials()
    vote = chair.open_vote(LONG_VOTE, long_item, kind="confidence_rating", official_ids=officials)
    chair.act("vote.close", vote_id=vote)
    expect(projector.locator("#pj-vote .result-confidence tbody tr")).to_have_count(len(officials))
    check(f"a confidence rating of the demo's {len(officials)} officials", ["#pj-vote .result-confidence"])

    assert not any(found.values()), {scenario: found[scenario] for scenario in found if found[scenario]}


# ---- The document reader -----------------------------------------------------------------------


def first_page_problems(page: Any) -> list[str]:
    box = page.locator("#pages .page").first.bounding_box()
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    found = problems(page, [], [".reader-tools .btn", "#docs-toggle"])
    if box is None or box["y"] > height / 2 or box["x"] < 0 or box["x"] + box["width"] > width:
        found.append(f"the first page is at {box} on {width}×{height}, not in the top half of the screen")
    return found


@pytest.mark.parametrize(("width", "height"), TABLETS, ids=[f"{w}x{h}" for w, h in TABLETS])
def test_the_reader_shows_the_page_first_and_keeps_the_documents_in_a_drawer(
    screens_of: Screens, demo: LiveServer, chair: Chair, shots: Path, width: int, height: int
) -> None:
    documents = chair.client.get(f"/api/sessions/{demo.ids['session_id']}/documents").json()["documents"]
    long_one = documents[-1]["id"]  # as long a title as the API takes
    answer = chair.client.patch(
        f"/api/documents/{long_one}", json={"title": LONG_TITLE}, headers={"x-csrf-token": chair.csrf}
    )
    assert answer.status_code == 200, answer.text
    address = f"/reader.html?session={demo.ids['session_id']}"
    reader = signed_in_at(screens_of, demo.ids["delegate"][0], (width, height), address)
    reader.wait_for_function(
        "() => [...document.querySelectorAll('#pages img')].some(i => i.complete && i.naturalWidth > 0)"
    )
    first = reader.locator("#doc-title").inner_text()
    assert first_page_problems(reader) == []
    reader.screenshot(path=str(shots / f"layout-reader-{width}x{height}.png"))

    toggle = reader.locator("#docs-toggle")
    drawer = reader.locator("#doc-drawer")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(drawer).to_be_hidden()
    toggle.focus()
    reader.keyboard.press("Enter")  # by keyboard
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(drawer).to_be_visible()
    assert problems(reader, ["#doc-drawer", "#docs-close", "#jump-item"], ["#doc-drawer .btn"]) == []
    reader.screenshot(path=str(shots / f"layout-reader-{width}x{height}-drawer.png"))
    reader.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(toggle).to_be_focused()

    toggle.click()
    links = drawer.locator(".doc-links a")
    other = links.filter(has_not_text=first).first
    title = other.locator(".doc-link-title").inner_text()
    other.click()  # choosing a document closes the drawer
    expect(drawer).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(reader.locator("#doc-title")).to_have_text(title)
    assert first_page_problems(reader) == []

    toggle.click()
    drawer.locator(f".doc-links a[data-doc-id='{long_one}']").click()
    expect(reader.locator("#doc-title")).to_have_text(LONG_TITLE)
    reader.wait_for_function(
        "() => [...document.querySelectorAll('#pages img')].some(i => i.complete && i.naturalWidth > 0)"
    )
    assert first_page_problems(reader) == []


# ---- The delegate's tablet and the secretary's console -----------------------------------------


@pytest.mark.parametrize(("width", "height"), DELEGATE_TABLETS, ids=[f"{w}x{h}" for w, h in DELEGATE_TABLETS])
def test_no_notice_covers_the_ballot_confirmation_and_the_result_says_each_thing_once(
    screens_of: Screens, demo: LiveServer, chair: Chair, shots: Path, width: int, height: int
) -> None:
    chair.open_with_most_present()
    chair.act("attendance.mark", person_id=_person(chair, demo.ids["delegate_name"]), status="present")
    item = chair.add_item(LONG_TITLE)
    chair.act("item.current", item_id=item)
    address = f"/tablet.html?session={demo.ids['session_id']}"
    tablet = signed_in_at(screens_of, demo.ids["delegate"][0], (width, height), address)
    expect(tablet.locator("#conn")).to_have_attribute("data-status", "open")
    vote = chair.open_vote(LONG_VOTE, item)
    expect(tablet.locator("#flash")).to_contain_text(LONG_VOTE)  # "a vote is open", with its title
    options = tablet.locator(".ballot-option")
    expect(options).to_have_count(3)
    assert problems(tablet, ["#vote-panel .ballot-options"], [".ballot-option", "#vote-panel .btn"]) == []

    for scroll in ("start", "end"):  # wherever the delegate has scrolled the options to
        options.first.evaluate(f"el => el.scrollIntoView({{ block: '{scroll}' }})")
        options.first.click()
        expect(tablet.locator("#confirm-ballot")).to_be_visible()
        tablet.evaluate(
            "text => import('/lib/status.js').then((m) => m.announce(text))", f"Mở biểu quyết: {LONG_VOTE}"
        )
        covered = tablet.evaluate(
            """() => ['#confirm-ballot', '#change-ballot', '.confirm-choice'].filter((selector) => {
              const el = document.querySelector(selector);
              const r = el.getBoundingClientRect();
              const x = r.left + r.width / 2, y = r.top + r.height / 2;
              const top = document.elementFromPoint(x, y);
              return y < 0 || y > innerHeight || !top || !el.contains(top);
            })"""
        )
        assert tablet.locator("#flash").inner_text(), "a notice is showing"
        tablet.screenshot(path=str(shots / f"layout-tablet-{width}x{height}-{scroll}.png"))
        assert covered == [], f"scrolled to the {scroll}: a notice or the screen's edge hides {covered}"
        tablet.locator("#change-ballot").click()

    chair.act("vote.close", vote_id=vote)
    panel = tablet.locator("#vote-panel")
    expect(panel.locator(".verdict")).to_be_visible()
    said = panel.inner_text()
    headings = panel.locator("h2, h3, .vote-title, .pj-kicker").all_inner_texts()
    assert len(headings) == len(set(headings)), headings
    for once in (LONG_VOTE, "Kết quả biểu quyết", "tổng số đại biểu (", "Biểu quyết số 1"):
        assert said.count(once) == 1, f"{once!r} is said {said.count(once)} times: {said}"


def _person(chair: Chair, name: str) -> int:
    return int(next(row["person_id"] for row in chair.live()["attendance"] if row["full_name"] == name))


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1024, 768)], ids=["1280x800", "1024x768"])
def test_the_consoles_seats_and_buttons_are_not_cut(
    screens_of: Screens, demo: LiveServer, chair: Chair, width: int, height: int
) -> None:
    chair.open_with_most_present()
    address = f"/console/live.html?session={demo.ids['session_id']}"
    console = signed_in_at(screens_of, "thuky", (width, height), address)
    expect(console.locator("#seating .seat")).to_have_count(50)
    expect(console.get_by_role("button", name=re.compile("^Có lý do…")).first).to_be_visible()
    labels = ["#seating .seat-name", "#seating .seat-label", ".attendance-row .btn", "#item .btn"]
    assert problems(console, [], labels) == []
    console.get_by_role("button", name=re.compile("^Có lý do…")).first.click()  # the reason's dialog
    expect(console.locator("dialog").get_by_label("Lý do vắng mặt")).to_be_visible()
    assert problems(console, ["dialog[open]"], ["dialog[open] .btn"]) == []
