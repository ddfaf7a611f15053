"""Sphinx extension: the interface's words that the theme leaves in English.

With `language: zh_CN`, Sphinx, pydata-sphinx-theme and sphinx-book-theme
translate most of their interface from their own message catalogues. A few
messages have no Chinese there (pydata-sphinx-theme's "Color mode", Sphinx
7.4's "Link to this heading", sphinx-book-theme's "Launch on"), and
sphinx-book-theme's zh_CN catalogue writes Taiwanese 「列印成 PDF」. The
edition's configuration lists the missing words, per catalogue, as
`interface_translations` (book/zh/_config.yml):

    interface_translations:
      sphinx:                       # Sphinx's and pydata-sphinx-theme's
        Color mode: 颜色模式
      booktheme:                    # sphinx-book-theme's
        Print to PDF: 打印为 PDF

They are put in front of the catalogue that the theme and Sphinx already
read, which stays behind them for every other message: the templates'
`_()`, `translate()` and the theme's Python code all find them. (A project
catalogue in `locale_dirs` would do the same for Sphinx's own catalogue,
but not for the themes' catalogues, and needs a compiled .mo file.)

Two words are not messages of any catalogue, and get one here:

- sphinx-book-theme builds the launch buttons' tooltips as "Launch on" +
  " Binder", which cannot be natural Chinese: they are rewritten from the
  message "Launch on %(service)s" (「在 Binder 中打开」);
- sphinx-togglebutton's script names every solution's button "Toggle
  hidden content" in its code: the message "Toggle hidden content" is
  given to book/_static/course.js (`courseInterface.toggleLabel`), which
  renames the buttons.

Loaded from book/zh/_config.yml (`sphinx: local_extensions`). The English
edition needs none of it: the course's templates call `_()` on their
words, which stay English there.
"""

import gettext
import json

import sphinx.locale
from sphinx.locale import get_translation

_ = get_translation("sphinx")


class CourseMessages(gettext.NullTranslations):
    """The course's messages, in front of a catalogue (`fallback`)."""

    def __init__(self, messages, fallback):
        super().__init__()
        self._messages = dict(messages)
        if fallback is not None:
            self.add_fallback(fallback)

    def gettext(self, message):
        if message in self._messages:
            return self._messages[message]
        return super().gettext(message)

    def ngettext(self, singular, plural, n):
        if n == 1 and singular in self._messages:
            return self._messages[singular]
        return super().ngettext(singular, plural, n)


def install_messages(app, config):
    """Put each catalogue's messages in front of it (after every
    extension's setup, so that the themes' catalogues are registered)."""
    for catalogue, messages in config.interface_translations.items():
        key = ("general", catalogue)
        translator = CourseMessages(
            messages, sphinx.locale.translators.get(key))
        sphinx.locale.translators[key] = translator
        if catalogue == "sphinx":
            # The templates' `_()` (jinja2's i18n) use this one.
            app.translator = translator


def add_interface_script(app):
    """The words course.js needs, as `courseInterface`."""
    words = {"toggleLabel": _("Toggle hidden content")}
    app.add_js_file(
        None, body=f"const courseInterface = {json.dumps(words)};",
        priority=200)


def translate_launch_tooltips(app, pagename, templatename, context,
                              doctree):
    """sphinx-book-theme's launch buttons, "Launch on Binder", from one
    message (after the theme has built them, at priority 501)."""
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            service = button.get("text", "")
            if button.get("tooltip", "").endswith(f" {service}"):
                button["tooltip"] = _("Launch on %(service)s") % {
                    "service": service}


def setup(app):
    app.add_config_value("interface_translations", {}, "html",
                         types=[dict])
    app.connect("config-inited", install_messages)
    app.connect("builder-inited", add_interface_script)
    app.connect("html-page-context", translate_launch_tooltips,
                priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
