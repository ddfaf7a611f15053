"""The built site with the keyboard alone (no mouse), in Chromium, offline.

These tests press keys, as a reader who cannot use a mouse does:

- Tab through a whole page: every stop shows where the focus is (a focus
  ring that can be seen, on an element that can be seen), and the focus
  never gets stuck;
- the "Skip to main content" link, then Tab, lands in the chapter's text;
- Tab to a chapter in the sidebar, Enter: that chapter opens;
- Ctrl+K, type a word, Enter: the search page finds it; Tab to a result,
  Enter: that page opens;
- Tab to a solution's button, Enter: the solution opens; Space: it closes;
- Tab to the download menu, Enter, arrow keys, Enter: the course PDF;
- Tab to the link to the other language, Enter: the same page in Chinese,
  and from there back to English.

The Chinese edition's index and chapter 3 get the first check too.
"""

import pytest

from browsing import ANIMATIONS_DONE_JS, open_page, settle
from sitepaths import PDF

# A chapter with every kind of stop: glossary links, code cells with copy
# buttons, outputs, math, exercises with solutions in dropdowns.
CHAPTER = "book/03_dense_layer.html"
NEXT_CHAPTER = "book/04_sequential_model.html"
SEARCH_TERM, SEARCH_RESULT = "GradientTape", "book/06_training_step.html"
MAX_TABS = 400  # more stops than any page of the course has

# Where the focus is, and whether a reader can see it. Measured at once;
# when it looks wrong, measured again once transitions have ended (the
# copy buttons, for example, fade in when they get the focus).
FOCUS_JS = r"""
async (again) => {
  if (again) await Promise.all(document.getAnimations().map(a => a.finished));
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement)
    return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  let opacity = 1;
  for (let node = el; node; node = node.parentElement)
    opacity *= parseFloat(getComputedStyle(node).opacity);
  const ring = (style.outlineStyle !== "none"
                && parseFloat(style.outlineWidth) > 0)
               || style.boxShadow !== "none";
  const visible = box.width > 0 && box.height > 0 && opacity > 0.5
                  && style.visibility !== "hidden"
                  && box.bottom > 0 && box.top < innerHeight
                  && box.right > 0 && box.left < innerWidth;
  const classes = typeof el.className === "string" && el.className.trim()
                  ? "." + el.className.trim().split(/\s+/).join(".") : "";
  return {
    what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes,
    name: (el.getAttribute("aria-label") || el.innerText || el.title || "")
            .trim().slice(0, 50),
    href: el.href || null,
    inMain: !!el.closest("main"),
    inSidebar: !!el.closest(".bd-sidebar-primary"),
    inSearchResults: !!el.closest("#search-results"),
    ring, visible,
  };
}
"""


def focused(tab):
    """The element that has the focus (None: the page itself)."""
    where = tab.evaluate(FOCUS_JS, False)
    if where and not (where["ring"] and where["visible"]):
        where = tab.evaluate(FOCUS_JS, True)
    return where


def tab_until(tab, wanted, what):
    """Press Tab until `wanted(focused element)`; returns that element."""
    for _ in range(MAX_TABS):
        tab.keyboard.press("Tab")
        where = focused(tab)
        if where and wanted(where):
            return where
    pytest.fail(f"{what}: not reached after {MAX_TABS} presses of Tab")


@pytest.fixture
def open_settled(browser, site_url):
    """Open a page of the site and wait until its scripts are done."""
    tabs = []

    def opener(page):
        tab, log = open_page(browser, f"{site_url}/{page}")
        tabs.append((tab, log))
        settle(tab)
        return tab

    yield opener
    for tab, log in tabs:
        tab.close()
        assert (
            not log["blocked"] and not log["failed"] and not log["errors"]
        ), log


@pytest.mark.parametrize(
    "page",
    ["book/index.html", CHAPTER, "zh/index.html", "zh/03_dense_layer.html"],
)
def test_every_focus_stop_can_be_seen(open_settled, page):
    tab = open_settled(page)
    stops, unseen = [], []
    for _ in range(MAX_TABS):
        tab.keyboard.press("Tab")
        where = focused(tab)
        if where is None or (
            stops and (where["what"], where["name"]) == stops[0]
        ):
            break  # back to the start: every stop was visited
        stops.append((where["what"], where["name"]))
        if not (where["ring"] and where["visible"]):
            unseen.append(
                f"{where['what']} {where['name']!r}: "
                f"{'no focus ring' if not where['ring'] else 'not visible'}"
            )
    else:
        pytest.fail(
            f"{page}: the focus did not come back after {MAX_TABS} "
            "presses of Tab (a focus trap?)"
        )
    assert len(stops) >= 20, f"{page}: only {len(stops)} focus stops: {stops}"
    assert not unseen, (
        f"{page}: {len(unseen)} of {len(stops)} focus stops "
        "cannot be seen:\n  " + "\n  ".join(unseen)
    )


def test_skip_link_leads_to_the_text(open_settled):
    tab = open_settled(CHAPTER)
    tab.keyboard.press("Tab")
    first = focused(tab)
    assert first and "skip to main content" in first["name"].lower(), first
    assert first["ring"] and first["visible"], (
        f"the skip link cannot be seen when focused: {first}"
    )
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    after = focused(tab)
    assert after and after["inMain"], (
        f"after the skip link, Tab went to {after}, not the text"
    )


def test_sidebar_leads_to_a_chapter(open_settled, site_url):
    tab = open_settled(CHAPTER)
    link = tab_until(
        tab,
        lambda w: w["inSidebar"] and (w["href"] or "").endswith(NEXT_CHAPTER),
        f"the sidebar's link to {NEXT_CHAPTER}",
    )
    assert link["ring"] and link["visible"], link
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{site_url}/{NEXT_CHAPTER}")


def test_search_with_the_keyboard(open_settled, site_url):
    tab = open_settled(CHAPTER)
    tab.keyboard.press("Control+k")
    tab.wait_for_function(
        "() => document.activeElement && document.activeElement.matches("
        "'input[type=search], input[name=q]')"
    )
    tab.keyboard.type(SEARCH_TERM)
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/search.html?q={SEARCH_TERM}*")
    tab.wait_for_function(
        "() => /found|did not match/i.test("
        "(document.querySelector('#search-results') || {}).innerText || '')"
    )
    result = tab_until(
        tab,
        lambda w: w["inSearchResults"] and SEARCH_RESULT in (w["href"] or ""),
        f"the search result {SEARCH_RESULT}",
    )
    assert result["ring"] and result["visible"], result
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{site_url}/{SEARCH_RESULT}*")


SOLUTION_JS = r"""
() => {
  const button = document.activeElement;
  const box = button.closest(".admonition");
  const body = box.querySelector(".admonition-title ~ *");
  const style = getComputedStyle(body);
  return {
    id: box.id,
    expanded: button.getAttribute("aria-expanded"),
    shown: body.getBoundingClientRect().height > 0
           && style.visibility !== "hidden" && style.opacity !== "0",
  };
}
"""


def test_solution_opens_and_closes_with_the_keyboard(open_settled):
    tab = open_settled(CHAPTER)
    # Start at the first exercise (made focusable for this), just before
    # its solution, rather than tabbing through the whole chapter again.
    tab.evaluate(
        "() => { const start = document.querySelector('div.exercise');"
        " start.tabIndex = -1; start.focus(); }"
    )
    button = tab_until(
        tab, lambda w: "toggle-button" in w["what"], "a solution's button"
    )
    assert button["ring"] and button["visible"], (
        f"the solution's button shows no focus: {button}"
    )
    closed = tab.evaluate(SOLUTION_JS)
    assert not closed["shown"] and closed["expanded"] == "false", closed

    tab.keyboard.press("Enter")
    tab.evaluate(ANIMATIONS_DONE_JS)
    opened = tab.evaluate(SOLUTION_JS)
    assert opened["shown"] and opened["expanded"] == "true", (
        f"Enter did not open it: {opened}"
    )

    tab.keyboard.press("Space")
    tab.evaluate(ANIMATIONS_DONE_JS)
    again = tab.evaluate(SOLUTION_JS)
    assert not again["shown"] and again["expanded"] == "false", (
        f"Space did not close it: {again}"
    )


def test_course_pdf_from_the_download_menu(open_settled):
    tab = open_settled(CHAPTER)
    menu = tab_until(
        tab, lambda w: w["name"] == "Download this page", "the download menu"
    )
    assert menu["ring"] and menu["visible"], menu
    tab.keyboard.press("Enter")
    # .ipynb, .md, print, Course PDF: the arrow keys walk the menu
    for _ in range(6):
        tab.keyboard.press("ArrowDown")
        item = focused(tab)
        if item and "Course PDF" in item["name"]:
            break
    else:
        pytest.fail("no 'Course PDF' in the download menu (arrow keys)")
    assert item["visible"] and item["href"].endswith(f"/{PDF.name}"), item
    with tab.context.expect_page() as new_tab:
        tab.keyboard.press("Enter")
    new_tab.value.wait_for_load_state("commit")
    assert new_tab.value.url.endswith(f"/{PDF.name}"), new_tab.value.url
    new_tab.value.close()


@pytest.mark.parametrize(
    "page, label, twin",
    [
        (CHAPTER, "中文", "zh/03_dense_layer.html"),
        ("zh/03_dense_layer.html", "English", CHAPTER),
    ],
    ids=["en-to-zh", "zh-to-en"],
)
def test_language_link_with_the_keyboard(open_settled, site_url, page,
                                         label, twin):
    tab = open_settled(page)
    link = tab_until(
        tab, lambda w: w["name"] == label, f"the link {label!r}"
    )
    assert link["ring"] and link["visible"], link
    assert link["href"] == f"{site_url}/{twin}", link
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{site_url}/{twin}")
