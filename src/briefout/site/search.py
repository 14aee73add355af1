"""Static search: a term index over every item's headlines and body, and a small script.

Japanese has no spaces, so Japanese text is indexed as overlapping character pairs
(bigrams; a lone character as itself) and English as lower-cased words, after NFKC
normalisation (full-width Latin and half-width kana fold to their usual forms).  The
index is JSON, written as ``search-index.js`` (``window.briefoutSearchIndex = {...}``)
so the search also works from ``file://`` where browsers refuse ``fetch``; ``search.js``
loads it when the reader first types and matches every query term (Latin words by
prefix, Japanese pairs exactly).  The character classes travel in the index, so the
script and this module always tokenise alike.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from briefout.site import SiteData

#: Japanese characters: 々, hiragana, katakana with ー and iteration marks, CJK ideographs.
CJK_CLASS = (
    r"\u3005\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
#: Letters and digits of words: ASCII, Latin with accents (Azerbaijani ə, ş...), Greek, Cyrillic.
WORD_CLASS = r"0-9a-z\u00c0-\u02af\u0370-\u03ff\u0400-\u04ff"
_TOKEN = re.compile(f"([{CJK_CLASS}]+)|([{WORD_CLASS}]+)")
_MIN_WORD = 2  # one-letter words ("a") would match nearly everything
INDEX_FILE = "search-index.js"
SCRIPT_FILE = "search.js"


def terms_of(text: str) -> tuple[str, ...]:
    """The sorted, distinct search terms of a text (bigrams for Japanese, words otherwise)."""
    found: set[str] = set()
    for cjk, word in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower()):
        if cjk:
            found.update(cjk[i : i + 2] for i in range(max(len(cjk) - 1, 1)))
        elif len(word) >= _MIN_WORD:
            found.add(word)
    return tuple(sorted(found))


def search_index(site: SiteData) -> dict[str, Any]:
    """The index: issues, and every item (newest first) with its headlines and terms.

    Each item lists its own terms (a forward index): the script scans them, which for
    thousands of items is instant and keeps building the index a matter of copying."""
    issues: list[list[str]] = []
    docs: list[list[Any]] = []
    for number, entry in enumerate(site.entries):
        issues.append([page_of(entry.outputs), entry.title, entry.period])
        docs.extend([number, doc.anchor, doc.ja, doc.en, doc.terms] for doc in entry.docs)
    return {
        "format": 2,
        "cjk": f"[{CJK_CLASS}]+",
        "word": f"[{WORD_CLASS}]+",
        "min_word": _MIN_WORD,
        "issues": issues,
        "docs": docs,
    }


def page_of(outputs: dict[str, str]) -> str:
    """The page a link to an issue opens: its web page, else its PDF, else any output."""
    for name in ("email", "pdf"):
        if name in outputs:
            return outputs[name]
    return next(iter(sorted(outputs.values())), "")


class SearchPart:
    """``search-index.js`` and ``search.js``: the static search of the index page."""

    name: ClassVar[str] = "search"
    description: ClassVar[str] = "static search over headlines and bodies (bigrams and words)"

    def render(self, site: SiteData) -> dict[str, bytes]:
        """The index as a script assigning JSON, and the search script itself."""
        data = json.dumps(search_index(site), ensure_ascii=False, separators=(",", ":"))
        return {
            INDEX_FILE: f"window.briefoutSearchIndex = {data};\n".encode(),
            SCRIPT_FILE: Path(__file__).with_name(SCRIPT_FILE).read_bytes(),
        }
