"""The accessibility audit of the browser test: axe-core, light and dark.

axe-core (Deque's rules engine, the one behind Lighthouse's accessibility
score) is pinned through the PyPI package `axe-playwright-python`, which
bundles `axe.min.js` (axe-core 4.12.1 in version 0.1.8); the package is
used only for that file, injected into the page and run here.

Each page is audited once it has loaded and the theme's scripts have run
(one of them adds `tabindex` to scrollable outputs late), with every
solution opened, so that their text is audited too:

- in light mode, with every rule axe runs by default (WCAG 2.0, 2.1 and 2.2
  at levels A and AA, and Deque's best practices), plus the experimental
  `label-content-name-mismatch` (WCAG 2.5.3, a name that contains the
  visible label), which a first audit of this site found;
- in dark mode, with the rules whose result depends on colours: text
  contrast (`color-contrast`) and links told apart from text only by colour
  (`link-in-text-block`). The rest does not change with the colour mode.

Text contrast is most of axe's work: a chapter has about 2000 pieces of
highlighted code. Their contrast depends only on their colour, background,
size, weight, opacity and shadow, so axe measures one piece of text for each
combination of these (about 40 a page). The plain text leaves (no child
elements, no attributes but class, not a link or control) that repeat a
combination already measured are hidden (`visibility: hidden`, which keeps
the layout) while axe measures contrast, and shown again after. That makes
the contrast rule three to six times faster here. (axe's own `exclude`
does the same, but slower than measuring everything: it compares every
element with every excluded one.)

Any violation fails the page, except the findings listed in ALLOWED below.

Dark mode is reached the way a keyboard user reaches it (the theme's switch,
Enter). There, DARK_JS measures what axe does not: MathJax draws formulas
as CSS generated content, which axe's contrast rule skips, and figures
(Matplotlib PNGs, black lines on white) need a light card behind them.
"""

from axe_playwright_python.base import AXE_SCRIPT

from browsing import ANIMATIONS_DONE_JS

AXE_VERSION = AXE_SCRIPT[:40].split("axe v", 1)[1].split()[0]

# `preload: false`: axe would otherwise fetch every stylesheet again to
# build a CSS object model, which only the (experimental, not run)
# css-orientation-lock rule needs, and it asks for one at a wrong path.
COMMON = {"preload": False, "resultTypes": ["violations", "incomplete"]}
LIGHT_OPTIONS = {  # everything but text contrast, on the whole page
    **COMMON,
    "rules": {
        "label-content-name-mismatch": {"enabled": True},
        "color-contrast": {"enabled": False},
    },
}
CONTRAST_OPTIONS = {  # text contrast
    **COMMON,
    "runOnly": {"type": "rule", "values": ["color-contrast"]},
}
DARK_OPTIONS = {  # the colour rules
    **COMMON,
    "runOnly": {
        "type": "rule",
        "values": ["color-contrast", "link-in-text-block"],
    },
}
# Hides, for axe, the text leaves whose contrast repeats one it measures.
HIDE_REPEATED_JS = r"""
() => {
  const attribute = "data-axe-repeated-contrast";
  const PHRASES =
    "span, code, em, strong, b, i, kbd, samp, var, sub, sup, small";
  const background = el => {
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none") return "image";
      const alpha =
        (style.backgroundColor.match(/[\d.]+/g) || []).map(Number)[3];
      if (alpha === undefined || alpha > 0.99) return style.backgroundColor;
      if (alpha > 0) return "translucent";
    }
    return "page";
  };
  const opacity = el => {
    let product = 1;
    for (let node = el; node; node = node.parentElement)
      product *= parseFloat(getComputedStyle(node).opacity);
    return product;
  };
  const plainLeaf = el => !el.firstElementChild && el.matches(PHRASES)
    && [...el.attributes].every(a => a.name === "class");
  const seen = new Set();
  let texts = 0;
  for (const el of document.body.querySelectorAll("*")) {
    const hasText = [...el.childNodes].some(
      n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!hasText) continue;
    if (!el.getClientRects().length
        || getComputedStyle(el).visibility === "hidden") continue;
    texts++;
    const style = getComputedStyle(el);
    const key = [style.color, background(el), style.fontSize,
                 style.fontWeight, opacity(el), style.textShadow].join("|");
    if (!seen.has(key)) seen.add(key);
    else if (plainLeaf(el)) el.setAttribute(attribute, "");
  }
  const style = document.createElement("style");
  style.id = "axe-hide-repeated";
  style.textContent = `[${attribute}] { visibility: hidden !important; }`;
  document.head.append(style);
  return {texts, distinct: seen.size};
}
"""
SHOW_REPEATED_JS = r"""
() => {
  document.getElementById("axe-hide-repeated").remove();
  document.querySelectorAll("[data-axe-repeated-contrast]")
    .forEach(el => el.removeAttribute("data-axe-repeated-contrast"));
}
"""

# Opens every solution (sphinx-togglebutton's dropdowns), as a reader does,
# then waits for the theme to give a tab stop to the code that now scrolls
# (debounced by 300 ms; at most 3 s, after which axe reports what is left).
OPEN_SOLUTIONS_JS = r"""
async () => {
  document.querySelectorAll("button.toggle-button[aria-expanded='false']")
    .forEach(b => b.click());
  await Promise.all(document.getAnimations().map(a => a.finished));
  const scrollers = () =>
    [...document.querySelectorAll("pre, .cell_output > .output")]
      .filter(el => el.getClientRects().length
                    && el.scrollWidth > el.clientWidth);
  for (let waited = 0;
       waited < 3000 && scrollers().some(el => el.tabIndex !== 0);
       waited += 100) {
    await new Promise(done => setTimeout(done, 100));
  }
}
"""

# Findings that belong to the theme and that the project cannot fix, as
# (rule id, a piece of the element's CSS selector, why). Keep it short:
# everything the project can fix (configuration, templates in
# book/_templates/, CSS in book/_static/) is fixed, not listed.
ALLOWED = [
    # None today. The first audit's findings were fixed in book/_templates/:
    # - label-content-name-mismatch on the search buttons (aria-label
    #   "Search" on a button that shows "Search Ctrl+K") and on the colour
    #   mode switch (icons titled "Light", "Dark", "System Settings" inside
    #   a button named "Color mode");
    # - region: the course title at the top of the sidebar, outside every
    #   landmark.
]


def allowed(rule, target):
    return any(
        rule == a_rule and piece in target for a_rule, piece, _why in ALLOWED
    )


def run_axe(page, options):
    """Run axe-core on `page`; returns (violations, incomplete) as lines."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", options)
    violations, incomplete = [], []
    for finding in results["violations"]:
        for node in finding["nodes"]:
            target = " ".join(
                " ".join(t) if isinstance(t, list) else t
                for t in node["target"]
            )
            if allowed(finding["id"], target):
                continue
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            violations.append(
                f"{finding['id']} ({finding['impact']}): {finding['help']}\n"
                f"        at {target}: {node['html'][:160]}\n"
                f"        {summary[:300]}"
            )
    for finding in results["incomplete"]:
        incomplete.append(f"{finding['id']} x{len(finding['nodes'])}")
    return violations, incomplete


def audit(page, mode):
    """The audit of `page` in its current colour mode ("light" or "dark").

    Returns (violations, incomplete): lines naming each finding, and the
    rules axe could not decide somewhere (reported, not failed)."""
    violations, incomplete = [], []
    if mode == "light":
        page.evaluate(OPEN_SOLUTIONS_JS)
        violations, incomplete = run_axe(page, LIGHT_OPTIONS)
    page.evaluate(HIDE_REPEATED_JS)
    try:
        more, unsure = run_axe(
            page, CONTRAST_OPTIONS if mode == "light" else DARK_OPTIONS
        )
    finally:
        page.evaluate(SHOW_REPEATED_JS)
    return violations + more, incomplete + unsure


# Runs in the page in dark mode: the colours a reader sees there that axe
# does not check. MathJax draws its glyphs as CSS generated content, which
# axe's contrast rule skips, so formulas are measured here; and figures
# (Matplotlib PNGs, black lines on white) must sit on a light card.
DARK_JS = r"""
() => {
  const rgba = c => (c.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const background = el => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.99))
        return c.slice(0, 3);
    }
    return rgba(getComputedStyle(document.documentElement).backgroundColor)
      .slice(0, 3);
  };
  const shown = el => el.getClientRects().length > 0;
  const math = [...document.querySelectorAll("mjx-container")]
    .filter(shown).map((m, i) => ({
      text: m.textContent.trim().slice(0, 60) || `formula ${i + 1}`,
      ratio: contrast(rgba(getComputedStyle(m).color).slice(0, 3),
                      background(m)),
    }));
  const figures = [...document.querySelectorAll(".bd-article img")]
    .filter(shown).map(img => {
      const style = getComputedStyle(img);
      const bg = rgba(style.backgroundColor);
      return {
        src: img.src.split("/").pop(),
        opaque: bg.length === 3 || (bg.length === 4 && bg[3] > 0.99),
        luminance: luminance(bg.slice(0, 3)),
        padding: parseFloat(style.paddingTop),
        boxWidth: img.getBoundingClientRect().width,
        naturalWidth: img.naturalWidth,
      };
    });
  return {theme: document.documentElement.dataset.theme, math, figures};
}
"""

# Contrast that WCAG asks of text at level AA.
MIN_CONTRAST = 4.5


def switch_to_dark(tab):
    """Switch the page to dark mode as a keyboard user does: the theme's
    own switch, focused and pressed with Enter (it cycles light, auto,
    dark). Then the tooltip it opened is closed again."""
    for _ in range(3):
        if tab.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        tab.locator(".theme-switch-button:visible").first.focus()
        tab.keyboard.press("Enter")
    tab.evaluate("document.activeElement.blur()")
    tab.wait_for_function("() => !document.querySelector('.tooltip')")
    tab.evaluate(ANIMATIONS_DONE_JS)


def dark_problems(dark):
    """What the reader cannot see well in dark mode, as sentences."""
    problems = []
    if dark["theme"] != "dark":
        problems.append(
            f"the colour mode switch did not reach dark mode ({dark['theme']})"
        )
    for m in dark["math"]:
        if m["ratio"] < MIN_CONTRAST:
            problems.append(
                f"formula {m['text']!r} has contrast {m['ratio']:.1f} "
                f"in dark mode (needs {MIN_CONTRAST})"
            )
    for f in dark["figures"]:
        # Black lines need a light, opaque card behind them, with room
        # around the figure, no wider than the figure itself.
        if not f["opaque"] or f["luminance"] < 0.4 or f["padding"] < 4:
            problems.append(
                f"figure {f['src']} has no light card in dark mode "
                f"(luminance {f['luminance']:.2f}, padding {f['padding']}px)"
            )
        elif f["boxWidth"] > f["naturalWidth"] + 2 * f["padding"] + 2:
            problems.append(
                f"figure {f['src']}'s card is wider than the figure "
                f"({f['boxWidth']:.0f}px for {f['naturalWidth']}px): "
                "a white band"
            )
    return problems
