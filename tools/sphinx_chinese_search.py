"""Sphinx extension: the Chinese edition's search index.

Sphinx indexes Chinese (`language: zh_CN`) with `sphinx.search.zh`: jieba
cuts the text into words (with a user dictionary, `html_search_options:
dict`, here the course's terms in tools/jieba_terms.txt), and every word
of two characters or more goes into the index. Two things a reader of the
edition needs are missing from that:

- single characters: 「轮」 (epoch) is a whole word of the book, but
  Sphinx drops every one-character word, so a search for 轮 found no page
  (only the glossary's term entry). Here every Chinese character of the
  text is indexed as well, whether jieba cut it alone or inside a longer
  word (「一轮」, 「每轮」): the search page does not cut a query into
  words, so a reader's 「轮」 must match the character;
- the dictionary's path: Sphinx opens it relative to the folder the build
  was started from; here it is relative to the configuration's folder.

jieba also logs its dictionary loading on every build: kept quiet.

Loaded from book/zh/_config.yml (`sphinx: local_extensions`).
"""

import logging
import os
import re
import tempfile
from pathlib import Path

from sphinx.search.zh import SearchChinese

# The CJK Unified Ideographs and their Extension A.
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


class CourseSearchChinese(SearchChinese):
    """Sphinx's Chinese search, indexing single characters too."""

    def split(self, input):
        return super().split(input) + HAN.findall(input)

    def word_filter(self, stemmed_word):
        return (super().word_filter(stemmed_word)
                or HAN.fullmatch(stemmed_word) is not None)


def set_up_jieba(app, config):
    """The user dictionary's path, relative to the configuration; jieba's
    log, quiet; its cache in a folder of the user's own (jieba writes it to
    /tmp/jieba.cache by default, which a second user may not overwrite)."""
    if not (config.language or "").startswith("zh"):
        return
    options = config.html_search_options or {}
    if options.get("dict"):
        options["dict"] = str(Path(app.confdir, options["dict"]).resolve())
    import jieba  # pinned in requirements.txt; without it the Chinese
    # search would index Latin words only, so a missing pin fails the build
    jieba.setLogLevel(logging.WARNING)
    cache = Path(tempfile.gettempdir()) / f"jieba-{os.getuid()}"
    cache.mkdir(exist_ok=True)
    jieba.dt.tmp_dir = str(cache)


def setup(app):
    # Replaces Sphinx's "zh", which zh_CN falls back to.
    app.add_search_language(CourseSearchChinese)
    app.connect("config-inited", set_up_jieba)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
