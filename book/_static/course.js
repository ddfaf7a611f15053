/*
 * The course's one script (wired in _config.yml: html_js_files).
 *
 * The theme gives a tab stop to every code block and output that scrolls
 * sideways, so that a keyboard user can scroll it (WCAG 2.1.1). It looks
 * again when the page's content changes, but opening a solution only
 * changes a class, which it does not watch: a long code line in an opened
 * solution could not be scrolled without a mouse. When a solution's
 * dropdown is used, ask the theme to look again (it listens for resize).
 * tests_site/ audits the pages with every solution open.
 */
document.addEventListener("click", (event) => {
  if (event.target.closest(".admonition.toggle > .admonition-title")) {
    window.requestAnimationFrame(() => window.dispatchEvent(new Event("resize")));
  }
});

/*
 * sphinx-togglebutton's script names every solution's button "Toggle hidden
 * content", whatever the page's language. The Chinese edition gives its own
 * name (tools/sphinx_interface_language.py defines `courseInterface`); the
 * buttons exist once the DOM has loaded (togglebutton.js, loaded before
 * this file, adds them then).
 */
document.addEventListener("DOMContentLoaded", () => {
  if (typeof courseInterface === "undefined") return;
  document.querySelectorAll("button.toggle-button").forEach((button) => {
    button.setAttribute("aria-label", courseInterface.toggleLabel);
  });
});
