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
from dataclasses import dataclass

SPACE = " "
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
    first_width: float | None = None,
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
    n = len(text)
    prefix = [0.0] * (n + 1)
    total = 0.0
    for i, w in enumerate(widths):
        total += w
        prefix[i + 1] = total
    cands = break_opportunities(text, kinsoku, keep)
    cand_w = [prefix[b] for b in cands]
    lines: list[Line] = []
    start = _skip_spaces(text, 0)
    avail = width if first_width is None else first_width
    while start < n:
        limit = prefix[start] + avail + 1e-6
        k = bisect_right(cand_w, limit)  # cands[:k] end within the line
        # candidates must lie after start
        first = bisect_right(cands, start)
        if k > first:
            end = cands[k - 1]
            line_end = _trim(text, start, end)
            nxt = _skip_spaces(text, end)
            slack = avail - (prefix[line_end] - prefix[start])
            hyph = None
            run = 0
            while run < min(len(lines), max_hyphens) and lines[-1 - run].hyphen:
                run += 1
            if hyphenate is not None and nxt < n and slack > min_slack and run < max_hyphens:
                hyph = _try_hyphen(
                    text, prefix, start, nxt, avail, hyphenate, hyphen_width, max_word
                )
            if hyph is not None:
                lines.append(Line(start, hyph, hyphen=True))
                start = hyph
            else:
                lines.append(Line(start, line_end, last=nxt >= n))
                start = nxt
        else:
            # the next unbreakable unit alone is wider than the line
            end = cands[first] if first < len(cands) else n
            hyph = None
            if hyphenate is not None:
                hyph = _try_hyphen(
                    text, prefix, start, start, avail, hyphenate, hyphen_width, max_word
                )
            if hyph is not None:
                lines.append(Line(start, hyph, hyphen=True))
                start = hyph
                avail = width
                continue
            fit = start + 1
            while fit < end and prefix[fit + 1] - prefix[start] <= avail + 1e-6:
                fit += 1
            if fit >= end:
                lines.append(Line(start, _trim(text, start, end), last=end >= n))
                start = _skip_spaces(text, end)
            else:
                cut = _least_bad_cut(text, start, fit, kinsoku)
                lines.append(Line(start, cut, forced=True))
                start = cut
        avail = width
    if not lines:
        lines.append(Line(0, 0, last=True))
    elif not lines[-1].last:
        last = lines[-1]
        lines[-1] = Line(last.start, last.end, last.hyphen, True, last.forced)
    if min_last > 1 and len(lines) > 1:
        _lengthen_last_line(text, prefix, cands, lines, width, min_last)
    return lines


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
    n = len(text)
    for cand in reversed(cands):
        if cand >= prev.end or cand <= prev.start + 1:
            continue
        start = _skip_spaces(text, cand)
        if n - start < min_last:
            continue
        if prefix[last.end] - prefix[start] > width + 1e-6:
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

    tests: tuple[Callable[[int], bool], ...] = (kinsoku_ok, word_ok)
    if any(map(is_ideographic, text[start : fit + 1])):  # else no cut keeps a word
        tests = (lambda i: kinsoku_ok(i) and word_ok(i), *tests)
    for good in tests:
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
    if word_start > 0 and text[word_start - 1] in HYPHENS:
        return None  # nor the second half of "military-educational"
    for pos in sorted(hyphenate(word), reverse=True):
        cut = word_start + pos
        extra = hyphen_width(cut - 1) if hyphen_width else 0.0
        if prefix[cut] - prefix[start] + extra <= avail + 1e-6:
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
