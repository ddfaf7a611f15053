"""Links to chapters read as words in the built site's running text.

A {doc} link without its own text renders as the page's numbered title,
so that a sentence reads "In 4. A sequential model, we ..." or
「在 3. 从头实现一个密集层 中，我们……」. The chapters write "chapter 4" /
「第 4 章」 instead (HELPERS.md, issue 22). This test reads the built HTML
of both editions (no browser needed) and fails on every link in the
article whose text is a bare numbered title ("4. A sequential model"),
inside a paragraph or a list item. Not checked: the sidebar and other
navigation, tables of contents (toctrees), and a list of links, that is a
list item that starts with the link, followed by a colon or nothing (the
index page's chapter list: "1. Keras in ten lines: ...").
"""

import re

import pytest
from bs4 import BeautifulSoup

from sitepaths import SITE

# Each edition's pages in the built site.
EDITIONS = {"en": SITE / "book", "zh": SITE / "zh"}
NUMBERED_TITLE = re.compile(r"^\d+\.\s+\S")
# What may follow the link of a list of links.
LIST_ENTRY_TAIL = re.compile(r"^\s*([:：—–]|$)")


def flat(text):
    return " ".join(text.split())


def is_list_entry(link, text):
    """True when the link starts its list item and a colon (or nothing)
    follows it: an entry of a list of links."""
    item = link.find_parent("li")
    if item is None:
        return False
    whole = flat(item.get_text())
    at = whole.find(text)
    return at == 0 and bool(LIST_ENTRY_TAIL.match(whole[len(text):]))


def bare_title_links(html):
    """Each link of the page's running text whose text is a bare numbered
    title, as (its text, the sentence around it)."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        return []
    found = []
    for link in article.select("a[href]"):
        text = flat(link.get_text())
        if not NUMBERED_TITLE.match(text):
            continue
        if link.find_parent("nav") or link.find_parent(
                class_=["toctree-wrapper", "contents"]):
            continue
        block = link.find_parent(["p", "li"])
        if block is None or is_list_entry(link, text):
            continue
        around = flat(block.get_text())
        at = around.find(text)
        found.append(
            (text, around[max(0, at - 30):at + len(text) + 30]))
    return found


def edition_links(folder):
    """{page name: bare-title links} for the pages of an edition."""
    if not folder.is_dir():
        pytest.fail(f"no built site at {folder}: run `make site` first")
    found = {}
    for page in sorted(folder.glob("*.html")):
        links = bare_title_links(page.read_text(encoding="utf-8"))
        if links:
            found[page.name] = links
    return found


@pytest.mark.parametrize("edition", EDITIONS)
def test_chapter_links_read_as_words(edition, record_property):
    found = edition_links(EDITIONS[edition])
    total = sum(len(links) for links in found.values())
    record_property(
        "report_notes",
        f"  {edition}: {total} links with a bare numbered title in "
        f"running text, on {len(found)} pages")
    lines = [
        f"{page}: {len(links)} (e.g. ...{links[0][1]}...)"
        for page, links in found.items()
    ]
    assert not found, (
        f"{total} links in the {edition} edition's running text read as a "
        "bare numbered title; write them as 'chapter N' / 「第 N 章」:\n  - "
        + "\n  - ".join(lines))


# The check fails and passes when it should.

PAGE = """<html><body>
<nav class="bd-links"><a href="04.html">4. A sequential model</a></nav>
<article class="bd-article">
<div class="toctree-wrapper"><ul><li>
  <a class="reference internal" href="04.html">4. A sequential model</a>
</li></ul></div>
<ol><li><p><a class="reference internal" href="01.html">1. Keras in ten
  lines</a>: Keras trains it in ten lines.</p></li></ol>
<p>{sentence}</p>
</article></body></html>"""


def test_the_check_finds_bare_titles_in_running_text():
    english = PAGE.format(sentence='In <a href="04.html"><span class="doc">'
                          "4. A sequential model</span></a>, we chain them.")
    chinese = PAGE.format(sentence='在 <a href="03.html">3. 从头实现一个'
                          "密集层</a> 中，我们实现了它。")
    list_item = PAGE.format(sentence="").replace(
        "<p></p>", '<ul><li><a href="05.html">5. Batches</a> splits the '
        "data.</li></ul>")
    assert [t for t, _ in bare_title_links(english)] == [
        "4. A sequential model"]
    assert [t for t, _ in bare_title_links(chinese)] == [
        "3. 从头实现一个密集层"]
    assert [t for t, _ in bare_title_links(list_item)] == ["5. Batches"]


def test_the_check_passes_on_converted_links():
    for sentence in ('As in <a href="04.html">chapter 4</a>, we chain them.',
                     '<a href="03.html">第 3 章《从头实现一个密集层》</a>'
                     "实现了它。"):
        assert bare_title_links(PAGE.format(sentence=sentence)) == []


def convert(html):
    """A page with its bare-title links written as 「第 N 章」."""
    return re.sub(r'(<span class="doc">)(\d+)\.\s+[^<]*(</span>)',
                  r"\1第 \2 章\3", html)


def test_a_built_page_passes_once_its_links_are_converted():
    page = EDITIONS["zh"] / "05_batches.html"
    if not page.is_file():
        pytest.fail(f"no built page {page}: run `make site` first")
    assert bare_title_links(convert(page.read_text(encoding="utf-8"))) == []

