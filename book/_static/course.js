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
