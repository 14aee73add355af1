"""Line breaking for mixed Japanese and English text (pure Python, no reportlab).

Break opportunities, after JIS X 4051 simplified:

- at a run of spaces (the spaces vanish at the end of a line);
- between two characters when either is East Asian wide or half-width (kana,
  kanji, fullwidth punctuation, half-width katakana), unless the second may not
  start a line or the first may not end one (kinsoku);
- after an explicit hyphen or dash inside a Latin word ("military-technical");
- nowhere else: a Latin word or number ("AZAL", "6,824") is never cut, except
  by hyphenation where the caller allows it, or when the word alone is wider
  than the line (reported back as ``forced``).

Lines are filled greedily (first fit), as Word and LibreOffice do.  The cost is
linear in the length of the text, also for one unbreakable token of any length:
no step looks further than the current line, and only runs of letters of at
most ``max_word`` characters are offered to the hyphenator.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

SPACE = " "
#: Widths are sums of floats: a line this much wider than its measure still fits.
TOLERANCE = 1e-6
HYPHENS = frozenset("-‐–—")
_TRAILING = " .,;:!?)]}\"'”’…"


_WIDE: dict[str, bool] = {}


def is_ideographic(ch: str) -> bool:
    """True where a line may break on either side (kinsoku aside): wide, fullwidth and
    half-width characters (half-width katakana is Japanese text, not a Latin word)."""
    found = _WIDE.get(ch)
    if found is None:
        found = _WIDE[ch] = unicodedata.east_asian_width(ch) in ("W", "F", "H")
    return found


@dataclass(frozen=True)
class Kinsoku:
    """Characters that may not start a line, and that may not end one."""

    no_start: frozenset[str]
    no_end: frozenset[str]


@dataclass(frozen=True)
class Line:
    """One line: characters ``start:end`` (trailing spaces dropped) plus a hyphen if ``hyphen``.

    ``last`` marks the paragraph's (or a hard break's) last line, which is not
    justified; ``forced`` a line cut inside a word because the word alone is
    wider than the line.
    """

    start: int
    end: int
    hyphen: bool = False
    last: bool = False
    forced: bool = False


def break_opportunities(
    text: str, kinsoku: Kinsoku, keep: Sequence[bool] | None = None
) -> list[int]:
    """Positions ``i`` (1..len) where a line may end before ``text[i]``; len is always one.

    At a run of spaces the position is the first space.  ``keep[i]`` true
    forbids a break before character ``i`` (used to keep a citation whole).
    """
    n = len(text)
    out: list[int] = []
    no_start = kinsoku.no_start
    no_end = kinsoku.no_end
    wide = list(map(is_ideographic, text))
    for i in range(1, n):
        if keep is not None and keep[i]:
            continue
        a = text[i - 1]
        c = text[i]
        if c == SPACE:
            if a != SPACE and a != "\n":
                out.append(i)
            continue
        if a == SPACE or a == "\n" or c == "\n":
            continue
        if wide[i - 1] or wide[i]:
            if c not in no_start and a not in no_end:
                out.append(i)
            continue
        if a in HYPHENS and c.isalnum() and i >= 2 and text[i - 2].isalnum():
            out.append(i)
    out.append(n)
    return out


def _skip_spaces(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] == SPACE:
        i += 1
    return i


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == SPACE:
        end -= 1
    return end


def break_paragraph(
    text: str,
    widths: Sequence[float],
    width: float,
    kinsoku: Kinsoku,
    *,
    keep: Sequence[bool] | None = None,
    hyphenate: Callable[[str], Sequence[int]] | None = None,
    hyphen_width: Callable[[int], float] | None = None,
    min_slack: float = 0.0,
    max_hyphens: int = 2,
    min_last: int = 1,
    max_word: int = 45,
) -> list[Line]:
    """Break ``text`` (one hard-break-free segment) into lines no wider than ``width``.

    ``widths[i]`` is the advance of ``text[i]``.  ``hyphenate(word)`` returns
    the positions inside an alphabetic word where a hyphen may go;
    ``hyphen_width(i)`` the width of a hyphen in the font of character ``i``.
    A word is hyphenated only when the line would otherwise leave more than
    ``min_slack`` empty, and at most ``max_hyphens`` lines in a row end in one.
    A last line shorter than ``min_last`` characters takes more from the line above.
    A run of more than ``max_word`` letters is never hyphenated (it is not a word).
    """
    rules = _Hyphenation(hyphenate, hyphen_width, min_slack, max_hyphens, max_word)
    breaker = _Breaker(text, widths, kinsoku, keep, rules)
    lines: list[Line] = []
    start = _skip_spaces(text, 0)
    while start < len(text):
        line = breaker.line(start, width, lines)
        lines.append(line)
        start = _skip_spaces(text, line.end)
    lines = lines or [Line(0, 0)]
    lines[-1] = replace(lines[-1], last=True)  # the breaker never marks it: it is marked here
    if min_last > 1 and len(lines) > 1:
        _lengthen_last_line(text, breaker.prefix, breaker.cands, lines, width, min_last)
    return lines


@dataclass(frozen=True)
class _Hyphenation:
    """When English words may be hyphenated (see :func:`break_paragraph`)."""

    hyphenate: Callable[[str], Sequence[int]] | None
    hyphen_width: Callable[[int], float] | None
    min_slack: float
    max_hyphens: int
    max_word: int


class _Breaker:
    """One paragraph's widths and break opportunities; finds each line in turn (first fit)."""

    def __init__(
        self,
        text: str,
        widths: Sequence[float],
        kinsoku: Kinsoku,
        keep: Sequence[bool] | None,
        rules: _Hyphenation,
    ) -> None:
        self.text = text
        self.kinsoku = kinsoku
        self.rules = rules
        self.prefix = [0.0, *accumulate(widths)]  # prefix[i]: width of text[:i]
        self.cands = break_opportunities(text, kinsoku, keep)
        self.cand_w = [self.prefix[b] for b in self.cands]

    def line(self, start: int, avail: float, lines: list[Line]) -> Line:
        """The line that starts at ``start`` with ``avail`` width, after ``lines``."""
        k = bisect_right(self.cand_w, self.prefix[start] + avail + TOLERANCE)
        first = bisect_right(self.cands, start)  # candidates must lie after start
        if k > first:  # cands[first:k] end within the line: take the last
            return self._fitting(start, self.cands[k - 1], avail, lines)
        return self._overflowing(start, self.cands[first], avail)  # len(text) is a candidate

    def _fitting(self, start: int, end: int, avail: float, lines: list[Line]) -> Line:
        """A line up to the break at ``end``, or further with a hyphen in the next word."""
        text, rules = self.text, self.rules
        line_end = _trim(text, start, end)
        nxt = _skip_spaces(text, end)
        slack = avail - (self.prefix[line_end] - self.prefix[start])
        run = 0  # hyphenated lines just above
        while run < min(len(lines), rules.max_hyphens) and lines[-1 - run].hyphen:
            run += 1
        if nxt < len(text) and slack > rules.min_slack and run < rules.max_hyphens:
            hyph = self._hyphen(start, nxt, avail)
            if hyph is not None:
                return Line(start, hyph, hyphen=True)
        return Line(start, line_end)

    def _overflowing(self, start: int, end: int, avail: float) -> Line:
        """The unbreakable unit ``start:end`` is wider than the line: hyphenate or cut it."""
        hyph = self._hyphen(start, start, avail)
        if hyph is not None:
            return Line(start, hyph, hyphen=True)
        fit = start + 1
        while fit < end and self.prefix[fit + 1] - self.prefix[start] <= avail + TOLERANCE:
            fit += 1
        if fit >= end:
            return Line(start, _trim(self.text, start, end))
        return Line(start, _least_bad_cut(self.text, start, fit, self.kinsoku), forced=True)

    def _hyphen(self, start: int, word_start: int, avail: float) -> int | None:
        rules = self.rules
        if rules.hyphenate is None:
            return None
        return _try_hyphen(
            self.text,
            self.prefix,
            start,
            word_start,
            avail,
            rules.hyphenate,
            rules.hyphen_width,
            rules.max_word,
        )


def _lengthen_last_line(
    text: str,
    prefix: Sequence[float],
    cands: Sequence[int],
    lines: list[Line],
    width: float,
    min_last: int,
) -> None:
    """Pull characters down when the last line would hold fewer than ``min_last`` (e.g. 請)."""
    last, prev = lines[-1], lines[-2]
    if last.end - last.start >= min_last or prev.hyphen or prev.forced:
        return
    for cand in reversed(cands):
        if cand >= prev.end or cand <= prev.start + 1:
            continue
        start = _skip_spaces(text, cand)
        if last.end - start < min_last:  # trailing spaces vanish: they do not count
            continue
        if prefix[last.end] - prefix[start] > width + TOLERANCE:
            return  # the last line cannot take more
        lines[-2] = Line(prev.start, _trim(text, prev.start, cand))
        lines[-1] = Line(start, last.end, last=True)
        return


def _least_bad_cut(text: str, start: int, fit: int, kinsoku: Kinsoku) -> int:
    """Where to cut a unit wider than the line: keep kinsoku and Latin words if possible."""

    def kinsoku_ok(i: int) -> bool:
        return text[i] not in kinsoku.no_start and text[i - 1] not in kinsoku.no_end

    def word_ok(i: int) -> bool:
        return is_ideographic(text[i]) or is_ideographic(text[i - 1])

    def both_ok(i: int) -> bool:
        return kinsoku_ok(i) and word_ok(i)

    for good in (both_ok, kinsoku_ok, word_ok):
        for i in range(fit, start, -1):
            if good(i):
                return i
    return fit


def _try_hyphen(
    text: str,
    prefix: Sequence[float],
    start: int,
    word_start: int,
    avail: float,
    hyphenate: Callable[[str], Sequence[int]],
    hyphen_width: Callable[[int], float] | None,
    max_word: int,
) -> int | None:
    """End of a hyphenated line taking part of the word at ``word_start``, or None.

    Looks at no more than ``max_word + 1`` letters: a longer run is not hyphenated.
    """
    n = len(text)
    end = word_start
    stop = min(n, word_start + max_word + 1)
    while end < stop and text[end].isalpha():
        end += 1
    if end - word_start > max_word:
        return None
    word = text[word_start:end]
    if not word or _only_trailing(text, end):
        return None  # never hyphenate the last word of a paragraph
    if text[word_start - 1 : word_start] in HYPHENS:  # (empty at the start of the text)
        return None  # nor the second half of "military-educational"
    for pos in sorted(hyphenate(word), reverse=True):
        cut = word_start + pos
        extra = hyphen_width(cut - 1) if hyphen_width else 0.0
        if prefix[cut] - prefix[start] + extra <= avail + TOLERANCE:
            return cut
    return None


def _only_trailing(text: str, start: int) -> bool:
    """True if nothing but spaces and closing punctuation follows ``start``."""
    return all(text[i] in _TRAILING for i in range(start, len(text)))


def split_hard_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each segment between hard line breaks ``\\n``."""
    out = []
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return out
