"""The Chinese edition's search index, word by word.

The browser test searches the built site (test_site_in_browser.py); these
tests check the words the index is made of, with the indexer that
book/zh/_config.yml loads (tools/sphinx_chinese_search.py) and the course's
dictionary (tools/jieba_terms.txt), on sentences of the kind the glossary
will have: d2l-zh's names for the course's terms must each be one word of
the index, and so must a single character such as 轮 (epoch).
"""

import jieba  # noqa: F401  pinned in requirements.txt: missing, it fails
from sphinx.search.zh import SearchChinese

from sitepaths import ROOT
from sphinx_chinese_search import CourseSearchChinese

TERMS = ROOT / "tools" / "jieba_terms.txt"
# A glossary-like text, with d2l-zh's names in parentheses.
TEXT = (
    "密集层（d2l-zh 称全连接层）；批量（小批量）；精度（准确率）；"
    "Glorot 初始化（Xavier 初始化）；轮（迭代周期）。训练 10 轮，"
    "每轮都用梯度带。"
)
WORDS = ["全连接层", "小批量", "准确率", "初始化", "迭代周期", "轮", "梯度带",
         "密集层", "Xavier", "Glorot"]


def indexed_words(language_class):
    """The words of TEXT that `language_class` puts into the index."""
    language = language_class({"dict": str(TERMS)})
    return {w for w in language.split(TEXT) if language.word_filter(w)}


def test_the_index_has_the_course_terms_and_single_characters():
    words = indexed_words(CourseSearchChinese)
    missing = [w for w in WORDS if w not in words]
    assert not missing, f"not indexed as words: {missing}"
    # Each character of a longer word too: 「每轮」 is found by 轮.
    assert {"每", "带"} <= words


def test_sphinx_alone_does_not_index_single_characters():
    """Why the course has its own indexer: Sphinx drops 轮."""
    words = indexed_words(SearchChinese)
    assert "轮" not in words and "梯度带" in words

