"""English in the Chinese edition's interface: the browser test's check.

A Chinese reader should meet no English in what the site itself says (the
theme, the extensions, the course's templates): button and menu text,
tooltips, placeholders, the footer, and the names a screen reader speaks
(the accessible names axe computes). The chapters' own text is not checked
here (their translation is tests/test_translation.py's); neither are code,
outputs, or the link to the English edition (marked `lang="en"`).

INTERFACE_JS gathers, on a page, every piece of interface text:

- the attributes a reader sees as text or hears: `title`, `aria-label`,
  `placeholder`, the theme's tooltips (`data-bs-title`), the solutions'
  hint (`data-toggle-hint`, drawn by CSS), the copy button's tooltip
  (`data-tooltip`) and sphinx-togglebutton's two hints;
- the accessible name (axe-core's `accessibleText`) of every control
  (buttons, inputs), and the labels of the landmarks (navigation, main,
  asides, header, footer), including those given by `aria-labelledby`;
- the text outside the article (header bars, sidebars, menus, footer),
  hidden menus included, but not the links to pages and sections of the
  book (their titles are the chapters' text).

`english_problems` then finds the Latin words in them that are not names
(ALLOWED: Binder, Colab, Keras, PDF, ...), and the Taiwanese usage that
sphinx-book-theme's zh_CN catalogue has (「列印」 for 打印).
"""

import re

from axe_playwright_python.base import AXE_SCRIPT

INTERFACE_JS = r"""
() => {
  const inChinese = el => {
    const host = el.closest("[lang]");
    return !host || host.lang.toLowerCase().startsWith("zh");
  };
  const describe = el => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    const cls = [...el.classList].slice(0, 2).join(".");
    if (cls) text += "." + cls;
    return text;
  };
  const found = [];
  const add = (where, text, el) => {
    text = (text || "").replace(/\s+/g, " ").trim();
    if (text && inChinese(el)) found.push({where, text});
  };
  const ATTRIBUTES = ["title", "aria-label", "placeholder", "data-bs-title",
                      "data-bs-original-title", "data-toggle-hint",
                      "data-tooltip", "aria-roledescription"];
  // Not read by anyone: scripts, and <noscript> (raw text when scripts
  // run). Not on screen: the theme's print-only copy of the page's
  // contents (.onlyprint, with its nav "Page"), and a PDF keeps no
  // aria-label.
  const SKIP = "script, style, template, noscript, .onlyprint";
  const all = [...document.body.querySelectorAll("*")]
    .filter(el => !el.closest(SKIP));
  for (const el of all) {
    for (const name of ATTRIBUTES) {
      if (el.hasAttribute(name)) {
        add(`${describe(el)} [${name}]`, el.getAttribute(name), el);
      }
    }
  }
  // sphinx-togglebutton's hints, as its script will show them.
  // (Top-level `let` bindings of its script, not properties of window.)
  add("sphinx-togglebutton toggleHintShow",
      typeof toggleHintShow === "string" ? toggleHintShow : "",
      document.body);
  add("sphinx-togglebutton toggleHintHide",
      typeof toggleHintHide === "string" ? toggleHintHide : "",
      document.body);
  // Controls are named by their content too (a button's text); landmarks
  // only by their labels (aria-label above, aria-labelledby here): a name
  // computed from a landmark's content would be the chapters' titles.
  const CONTROLS = "button, [role=button], a.btn, input, select, textarea";
  const LANDMARKS = "nav, [role=navigation], main, [role=main], aside, "
    + "[role=complementary], [role=search], dialog, [role=dialog], "
    + "header, [role=banner], footer, [role=contentinfo], form, "
    + "[role=region]";
  for (const el of document.body.querySelectorAll(LANDMARKS)) {
    if (el.closest(SKIP)) continue;
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/);
    const label = ids.map(id => document.getElementById(id))
      .filter(Boolean).map(n => n.textContent).join(" ");
    add(`label of ${describe(el)}`, label, el);
  }
  // axe's tree of the page, for its name computation; torn down after,
  // so that axe.run can build its own.
  axe.setup(document);
  try {
    for (const el of document.body.querySelectorAll(CONTROLS)) {
      if (el.closest(SKIP)) continue;
      add(`name of ${describe(el)}`, axe.commons.text.accessibleText(el),
          el);
    }
  } finally {
    axe.teardown();
  }
  // Text outside the article, minus the titles of the book's pages and
  // sections (links into the site) and code.
  const article = document.querySelector("article.bd-article");
  const walker = document.createTreeWalker(
    document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    if (article && article.contains(el)) continue;
    if (el.closest(SKIP + ", code, pre, kbd, a.reference.internal, "
                   + ".prev-next-title")) continue;
    add(`text in ${describe(el)}`, node.textContent, el);
  }
  return found;
}
"""

# Latin words that are names, not English, to a Chinese reader: products
# and services the interface names (launch buttons, file types), the
# libraries of the course's title and chapter titles, and keys.
ALLOWED = {
    "Binder", "Colab", "JupyterHub", "JupyterLab", "Jupyter", "Deepnote",
    "GitHub", "PDF", "pdf", "ipynb", "md", "TensorFlow", "Keras",
    "scratchnet", "Ctrl",
    # the footer's licences and attribution: names, not English
    "CC", "BY", "SA", "MIT", "Chollet", "Python",
}
# Chinese the theme writes, but not as Mainland readers do.
NOT_MAINLAND = {"列印": "打印"}

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def interface_texts(tab):
    """Every piece of interface text on the page, as (where, text)."""
    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
        tab.evaluate(AXE_SCRIPT)
    return [(item["where"], item["text"])
            for item in tab.evaluate(INTERFACE_JS)]


def english_words(text):
    """The Latin words of `text` that are not allowed names."""
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED]


def english_problems(texts):
    """One sentence per distinct piece of interface text that is English
    (or Taiwanese usage), naming where it is."""
    problems = {}
    for where, text in texts:
        words = english_words(text)
        taiwanese = [w for w in NOT_MAINLAND if w in text]
        if words or taiwanese:
            reason = (f"English {words}" if words else
                      f"「{taiwanese[0]}」 (Mainland: "
                      f"「{NOT_MAINLAND[taiwanese[0]]}」)")
            problems.setdefault(text, (where, reason))
    return [f"{text!r} ({reason}; at {where})"
            for text, (where, reason) in problems.items()]
