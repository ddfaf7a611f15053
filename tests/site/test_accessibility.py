"""The accessibility audit fails when it should.

The audit itself runs on every page of the site in test_site_in_browser.py;
here it runs on small pages with known faults, to show it finds them: axe
in light and dark mode, and the dark-mode checks of formulas and figures.
"""

from accessibility import AXE_VERSION, DARK_JS, audit, dark_problems

FAULTY_PAGE = """<!doctype html>
<html lang="en"><head><title>Faults</title></head><body>
<main>
  <h1>Faults</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
  <p style="color: #777; background: #888"
    >Grey on grey: too little contrast.</p>
  <button aria-label="Find">Search Ctrl+K</button>
  <pre><span class="n" style="color: #eee">pale</span> <span class="n"
    style="color: #eee">code</span></pre>
</main>
</body></html>"""


def test_axe_is_pinned():
    assert AXE_VERSION.count(".") == 2, AXE_VERSION


def test_audit_finds_known_faults(browser):
    tab = browser.new_page()
    try:
        tab.set_content(FAULTY_PAGE)
        light, _ = audit(tab, "light")
        dark, _ = audit(tab, "dark")
        leftovers = tab.evaluate(
            "() => document.querySelectorAll("
            "'[data-axe-repeated-contrast], #axe-hide-repeated').length"
        )
    finally:
        tab.close()
    found = " ".join(light)
    for rule in ("image-alt", "color-contrast", "label-content-name-mismatch"):
        assert rule in found, f"axe did not report {rule}: {light}"
    # Repeated code text is measured once: the pale code is still found.
    assert any("color-contrast" in v and "pale" in v for v in light), light
    assert leftovers == 0, "the audit must leave the page as it found it"
    assert any("color-contrast" in v for v in dark), dark
    assert not any("image-alt" in v for v in dark), (
        "dark mode runs only the colour rules"
    )


# A white 40x20 PNG, and a dark page that shows it with no card behind it,
# next to a formula drawn in a grey too dark for the background.
WHITE_PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJUlEQVR4nO3NMQEA"
    "AAgDILV/5xljDxRgk0zDVVaxWCwWi8XiigcB4QMlssy/eAAAAABJRU5ErkJggg=="
)
DARK_PAGE = f"""<!doctype html>
<html lang="en" data-theme="dark" style="background: #121212; color: #ddd">
<head><title>Dark</title></head>
<body><main><article class="bd-article">
  <h1>Dark</h1>
  <img src="{WHITE_PNG}" alt="a figure" style="width: 600px">
  <p>A formula: <mjx-container style="color: #333">x</mjx-container></p>
</article></main></body></html>"""


def test_dark_mode_checks_find_known_faults(browser):
    tab = browser.new_page()
    try:
        tab.set_content(DARK_PAGE)
        problems = dark_problems(tab.evaluate(DARK_JS))
    finally:
        tab.close()
    text = "\n".join(problems)
    assert "has no light card in dark mode" in text, problems
    assert "has contrast" in text and "in dark mode" in text, problems
