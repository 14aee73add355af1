"""The textual shapes the importer recognises: marks, numbers, citations, periods, END.

Every match runs on the NFKC form of the text (full-width digits and letters,
``（``, ``，`` and ``／`` match their ASCII forms); what is kept is always cut
from the original text, so Japanese stays as it was written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefout.readers.scripts import nfkc, nfkc_with_map

#: Marks typed before a Japanese headline.
ITEM_MARKS = "●○■◆◇□◎"
#: Marks typed before a bullet (also ・, which starts an item when Japanese follows).
BULLET_MARKS = ("・", "•", "\uf0b7", "\uf0a7", "◦", "▪", "‣", "- ", "* ", "+ ", "– ")

_ITEM_MARK = re.compile(rf"^\s*[{ITEM_MARKS}]\s*")
_NAKAGURO = re.compile(r"^\s*・\s*")
_SECTION_NUMBER = re.compile(r"^\s*(?:[0-9]{1,2}\s*[.、)]|[一二三四五六七八九十]{1,3}\s*[、.])\s*")
_SENTENCE_END = ".!?。！？"
_CLOSING = _SENTENCE_END + ":;)]」』\"”'’…"
_DATE_DMY = r"(?P<d>\d{1,2})\s*[./]\s*(?P<m>\d{1,2})\s*[./]\s*(?P<y>\d{4})"
_CITATION = re.compile(
    r"\(\s*(?P<outlet>[^()]*?[^()\s,/])\s*[,/、]\s*" + _DATE_DMY + r"\s*\)\s*$", re.DOTALL
)
_WHOLE_CITATION = re.compile(
    r"^\s*\(\s*(?P<outlet>.*\S)\s*[,/、]\s*" + _DATE_DMY + r"\s*\)\s*$", re.DOTALL
)
_OPEN_CITATION = re.compile(r"\(\s*[^()]{1,80}?\s*[,/、]\s*$")
_CLOSE_CITATION = re.compile(r"^\s*" + _DATE_DMY + r"\s*\)")
_END = re.compile(r"^[\s\-—―－]*(END|以上)[\s\-—―－.。]*$", re.IGNORECASE)
_LABEL = re.compile(r"^[^.!?。！？:：]{1,40}[:：]$")


def item_mark_length(text: str) -> int:
    """Length of a typed item mark (● and the space after it) at the start, else 0."""
    match = _ITEM_MARK.match(text)
    return match.end() if match else 0


def nakaguro_length(text: str) -> int:
    """Length of a leading ・ and its spaces, else 0."""
    match = _NAKAGURO.match(text)
    return match.end() if match else 0


def bullet_mark_length(text: str) -> int:
    """Length of a typed bullet mark and the spaces after it at the start, else 0."""
    stripped = text.lstrip()
    for mark in BULLET_MARKS:
        if stripped.startswith(mark):
            rest = stripped[len(mark) :]
            return len(text) - len(rest.lstrip())
    return 0


def section_number_length(text: str) -> int:
    """Length of a typed section number ("1. ", "１．", "2、") at the start, else 0."""
    normal, origin = nfkc_with_map(text)
    match = _SECTION_NUMBER.match(normal)
    if not match or match.end() >= len(normal):
        return 0
    return origin[match.end()] if match.end() < len(origin) else len(text)


def ends_sentence(text: str) -> bool:
    """True when the text ends with closing punctuation (a sentence or a quotation)."""
    stripped = nfkc(text).rstrip()
    return bool(stripped) and stripped[-1] in _CLOSING


def ends_full_stop(text: str) -> bool:
    """True when the text ends with a full stop, question or exclamation mark."""
    stripped = nfkc(text).rstrip().rstrip("\"”'’)」』")
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def is_end_mark(text: str) -> bool:
    """The closing "END" (or 以上)."""
    return bool(_END.match(nfkc(text)))


def is_label(text: str) -> bool:
    """A part label such as "Russian version:"."""
    return bool(_LABEL.match(nfkc(text).strip()))


def opens_citation(text: str) -> bool:
    """The text ends in a citation cut before its date: "... (Apa,"."""
    return bool(_OPEN_CITATION.search(nfkc(text)))


def closes_citation(text: str) -> bool:
    """The text starts with the date that closes a citation: "09.01.2026)"."""
    return bool(_CLOSE_CITATION.match(nfkc(text)))


@dataclass(frozen=True)
class FoundCitation:
    """A citation found at the end of a text: where it starts, outlet as written, date."""

    start: int
    outlet: str
    date: dt.date | None
    written: str


def find_citation(text: str, *, whole: bool = False) -> FoundCitation | None:
    """The citation ending ``text`` ("(Apa, 07.01.2026)", "(APA / 30.12.2025)",
    "（ＡＰＡ，３０．１２．２０２５）"), or None.  ``date`` is None for an impossible date.
    ``whole``: the text is known to be one citation, so the outlet may hold brackets."""
    normal, origin = nfkc_with_map(text)
    match = (_WHOLE_CITATION.match if whole else _CITATION.search)(normal)
    if not match:
        return None
    start = origin[match.start()]
    outlet_start, outlet_end = origin[match.start("outlet")], origin[match.end("outlet") - 1] + 1
    outlet = text[outlet_start:outlet_end].replace("\u00a0", " ")
    outlet = outlet.strip() if whole else " ".join(outlet.split())
    try:
        date: dt.date | None = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        date = None
    return FoundCitation(start, outlet, date, text[start:].strip())


# -------------------------------------------------------------------- periods

_Y_M_D = (
    r"(?P<{p}y>\d{{4}})\s*(?:年\s*(?P<{p}m1>\d{{1,2}})\s*月\s*(?P<{p}d1>\d{{1,2}})\s*日"
    r"|[-/.]\s*(?P<{p}m2>\d{{1,2}})\s*[-/.]\s*(?P<{p}d2>\d{{1,2}}))"
)
_D_M_Y = r"(?P<{p}d3>\d{{1,2}})\s*[./]\s*(?P<{p}m3>\d{{1,2}})\s*[./]\s*(?P<{p}y3>\d{{4}})"
_M_D = r"(?P<{p}m4>\d{{1,2}})\s*月\s*(?P<{p}d4>\d{{1,2}})\s*日"
_WEEKDAY = r"(?:\s*\([^()]{1,4}\))?"
_RANGE = r"\s*(?:~|〜|–|—|―|-|‐|\.\.|から)\s*"


def _date(prefix: str, *, partial: bool) -> str:
    forms = [_Y_M_D.format(p=prefix), _D_M_Y.format(p=prefix)]
    if partial:
        forms.append(_M_D.format(p=prefix))
    return "(?:" + "|".join(forms) + ")" + _WEEKDAY


_PERIOD = re.compile(
    r"^\s*(?:期間\s*[:：]?\s*)?"
    + _date("s", partial=False)
    + rf"(?:{_RANGE}"
    + _date("e", partial=True)
    + r")?\s*(?:まで)?\s*$"
)


def _pick(match: re.Match[str], prefix: str, default_year: int | None) -> dt.date:
    groups = match.groupdict()
    for index in ("1", "2", "3", "4"):
        month = groups.get(f"{prefix}m{index}")
        if month is None:
            continue
        day = groups[f"{prefix}d{index}"]
        year = groups.get(f"{prefix}y3" if index == "3" else f"{prefix}y")
        if index == "4" or year is None:
            year = str(default_year)
        return dt.date(int(year), int(month), int(day))
    raise ValueError("no date")  # pragma: no cover - the pattern always has one form


_ERAS = {"令和": 2018, "平成": 1988}
_ERA_YEAR = re.compile(r"(令和|平成)\s*(元|\d{1,2})\s*年")


def _western_years(text: str) -> str:
    """令和8年 -> 2026年, 平成元年 -> 1989年 (Japanese era years, as official texts write)."""
    return _ERA_YEAR.sub(lambda m: f"{_ERAS[m[1]] + (1 if m[2] == '元' else int(m[2]))}年", text)


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """The dates of a period line ("2025年12月27日～2026年1月9日", "27.12.2025 - 9.1.2026",
    "2026/1/10〜1/23", "令和7年12月27日～令和8年1月9日"...); None if the text is not one or
    a date is impossible."""
    match = _PERIOD.match(_western_years(nfkc(text)))
    if not match:
        return None
    try:
        start = _pick(match, "s", None)
        if not any(match.group(f"em{i}") for i in "1234"):
            return start, start
        end = _pick(match, "e", start.year)
    except ValueError:
        return None
    if end < start and match.group("em4"):
        end = end.replace(year=end.year + 1)  # 12月27日～1月9日
    return (start, end) if end >= start else None
