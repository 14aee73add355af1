"""The samples: they load, they carry the schema comment, and reference.yaml is faithful.

Fidelity is checked against the real reference issue, the text extracted from its PDF,
kept in ``<X>/shared/reference/`` beside the repository at ``<X>/main``.  The reference is
normalised (extraction artefacts removed, NFKC, whitespace runs joined) and the sample is
walked in document order: every headline, paragraph, bullet, label and citation must be
found in that order, and what lies between two consecutive finds may only be whitespace
and the headline mark "●" -- so nothing was invented, reordered or dropped.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefout.loader import load_issue
from briefout.model import BulletList, Citation, Issue, item_parts, plain_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REFERENCE_TXT = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "000_833dc4c24bebd27c.txt"
)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/issue.schema.json"
HEADLINE_MARK = "●"
INTERVIEW_JA = "アリエフ大統領、当地テレビ局のインタビューに応じる"

#: "(Azertag, 05.01.2026)" or "(AZERTAG / 31.12.2025)" in the normalised reference.
CITATION = re.compile(
    r"\((?P<outlet>[^()]+?)(?:,\s*|\s+/\s+)(?P<day>\d{2})\.(?P<month>\d{2})\.(?P<year>\d{4})\)"
)


# ------------------------------------------------------------------ helpers


def normalise(text: str) -> str:
    """Remove the PDF-extraction artefacts, apply NFKC, join every whitespace run."""
    text = text.replace("\\$", "$")
    text = re.sub(r"(?m)^- (?=\*\*)", "", text)  # "- **米国議会...**" (a headline, not a bullet)
    text = text.replace("**", "")
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def flat(text: str) -> str:
    """The same NFKC and whitespace joining for the sample's own strings."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def japanese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Token:
    """One thing the sample says, in document order: text to find, or a citation."""

    path: str
    text: str = ""
    source: Citation | None = None


def tokens(issue: Issue) -> list[Token]:
    """Every printed string of the issue in document order (bullets keep their '- ')."""
    out = [
        Token("title", issue.title),
        Token("subtitle", issue.subtitle or ""),
        Token(
            "period",
            f"{japanese_date(issue.period.start)}～{japanese_date(issue.period.end)}",
        ),
        Token("issuer", issue.issuer),
    ]
    for s_no, section in enumerate(issue.sections, start=1):
        out.append(Token(f"sections[{s_no - 1}].title", f"{s_no}. {section.title}"))
        for i_no, item in enumerate(section.items):
            at = f"sections[{s_no - 1}].items[{i_no}]"
            out.append(Token(f"{at}.ja", item.ja))
            out.append(Token(f"{at}.en", item.en))
            for p_no, (label, body, citation) in enumerate(item_parts(item)):
                part_at = at if label is None else f"{at}.parts[{p_no - 1}]"
                if label is not None:
                    out.append(Token(f"{part_at}.label", label))
                for b_no, block in enumerate(body):
                    if isinstance(block, BulletList):
                        out.extend(
                            Token(f"{part_at}.body[{b_no}][{e_no}]", "- " + plain_text(entry))
                            for e_no, entry in enumerate(block.items)
                        )
                    else:
                        out.append(Token(f"{part_at}.body[{b_no}]", plain_text(block.runs)))
                if citation is not None:
                    out.append(Token(f"{part_at}.source", source=citation))
    out.append(Token("end", "END"))
    return out


@dataclass
class Walk:
    """Result of walking the tokens through the reference text."""

    missing: list[str]  # tokens not found (after the previous find)
    stray: list[tuple[str, str]]  # (token path, non-whitespace text skipped before it)
    spans: list[tuple[int, int]]  # where each found token sits


def walk(reference: str, toks: list[Token]) -> Walk:
    """Find every token in order; report what is missing and what lies between finds."""
    result = Walk([], [], [])
    cursor = 0
    for token in toks:
        if token.source is not None:
            match = CITATION.search(reference, cursor)
            found = match is not None and (
                match["outlet"] == flat(token.source.outlet)
                and dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
                == token.source.date
            )
            start, end = (match.start(), match.end()) if match and found else (-1, -1)
            shown = f"({token.source.outlet}, {token.source.date:%d.%m.%Y})"
        else:
            shown = flat(token.text)
            start = reference.find(shown, cursor) if shown else -1
            end = start + len(shown)
        if start < 0:
            result.missing.append(f"{token.path}: {shown[:80]!r}")
            continue
        gap = reference[cursor:start].replace(HEADLINE_MARK, "").strip()
        if gap:
            result.stray.append((token.path, gap))
        result.spans.append((start, end))
        cursor = end
    tail = reference[cursor:].strip()
    if tail:
        result.stray.append(("<after the end>", tail))
    return result


def remainder(reference: str, spans: list[tuple[int, int]]) -> str:
    """The reference with the found tokens, citations, marks and END taken out."""
    chars = list(reference)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    rest = CITATION.sub(" ", "".join(chars))
    return rest.replace(HEADLINE_MARK, " ").replace("END", " ")


# ----------------------------------------------------------------- fixtures


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def raw_reference() -> str:
    """The reference text as extracted; skip (fail under CI=true) when it is absent."""
    if not REFERENCE_TXT.is_file():
        message = (
            f"the reference text {REFERENCE_TXT} is missing: the shared/ folder must sit "
            "beside the repository (<X>/main and <X>/shared)"
        )
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return REFERENCE_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference_text() -> str:
    """The normalised reference text."""
    return normalise(raw_reference())


# -------------------------------------------------------------------- tests


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.yaml"))


def test_samples_exist() -> None:
    names = {path.name for path in sample_files()}
    assert {"minimal.yaml", "reference.yaml"} <= names


@pytest.mark.parametrize("path", sample_files(), ids=lambda path: path.name)
def test_sample_loads_and_names_its_schema(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == SCHEMA_COMMENT, f"{path.name}: first line must be the schema comment"
    assert lines[1] == "briefout: 1", f"{path.name}: second line must be 'briefout: 1'"
    issue = load_issue(path)
    assert issue.briefout == 1


def test_minimal_sample(minimal_issue: Issue) -> None:
    assert len(minimal_issue.sections) == 1
    assert len(minimal_issue.sections[0].items) == 1


def test_reference_structure(reference_issue: Issue) -> None:
    issue = reference_issue
    assert issue.title == "アゼルバイジャン政治・治安情報"
    assert issue.subtitle == "(公開情報とりまとめ)"
    assert issue.issuer == "在アゼルバイジャン大使館"
    assert (issue.period.start, issue.period.end) == (dt.date(2025, 12, 27), dt.date(2026, 1, 9))
    assert [section.title for section in issue.sections] == [
        "軍事・治安関係",
        "内政関連",
        "外政関連",
    ]
    assert [len(section.items) for section in issue.sections] == [5, 4, 8]

    items = [item for _, _, _, item in issue.items()]
    lists = [
        (item.ja, block)
        for item in items
        for _, body, _ in item_parts(item)
        for block in body
        if isinstance(block, BulletList)
    ]
    # The brief and the engineering notes say 8 bullets; the reference text has 9 lines
    # starting with "- " in this item (see test_interview_bullets_match_reference).
    assert [(ja, len(block.items)) for ja, block in lists] == [(INTERVIEW_JA, 9)]
    interview = next(item for item in items if item.ja == INTERVIEW_JA)
    assert [type(block).__name__ for block in interview.body] == ["Paragraph", "BulletList"]

    parts = [part for item in items for part in item.parts]
    assert [part.label for part in parts] == ["Russian version:"]
    assert parts[0].source is not None and parts[0].source.outlet == "MID.RU"

    sources = [cit for item in items for _, _, cit in item_parts(item)]
    assert len(sources) == 18 and all(cit is not None for cit in sources)


def test_interview_bullets_match_reference(reference_issue: Issue) -> None:
    """Count the bullet lines of the interview item in the raw reference text."""
    raw = raw_reference()
    start = raw.index(INTERVIEW_JA)
    end = raw.index("\n3. ", start)
    printed = len(re.findall(r"(?m)^- ", raw[start:end]))
    interview = next(item for _, _, _, item in reference_issue.items() if item.ja == INTERVIEW_JA)
    bullets = [block for block in interview.body if isinstance(block, BulletList)]
    assert printed == 9
    assert [len(block.items) for block in bullets] == [printed]


def test_reference_bodies_carry_no_inline_markup(reference_issue: Issue) -> None:
    """The original has no bold, italics or links in bodies: an unescaped '*' would show here."""
    for s_no, i_no, _, item in reference_issue.items():
        for _, body, _ in item_parts(item):
            for block in body:
                entries = block.items if isinstance(block, BulletList) else (block.runs,)
                for runs in entries:
                    marked = [run for run in runs if run.strong or run.emph or run.href]
                    assert not marked, f"section {s_no} item {i_no}: {marked}"


def test_reference_texts_in_order(reference_issue: Issue, reference_text: str) -> None:
    result = walk(reference_text, tokens(reference_issue))
    assert not result.missing, "not in the reference (in this order):\n" + "\n".join(result.missing)


def test_reference_nothing_dropped(reference_issue: Issue, reference_text: str) -> None:
    result = walk(reference_text, tokens(reference_issue))
    assert not result.stray, "reference text the sample lacks:\n" + "\n".join(
        f"before {path}: {gap[:120]!r}" for path, gap in result.stray
    )
    rest = remainder(reference_text, result.spans)
    assert not re.sub(r"[\W_]", "", rest), f"left over: {rest.strip()[:200]!r}"


def test_reference_citations_are_the_sources(reference_issue: Issue, reference_text: str) -> None:
    printed = [
        (m["outlet"], dt.date(int(m["year"]), int(m["month"]), int(m["day"])))
        for m in CITATION.finditer(reference_text)
    ]
    stored = [
        (cit.outlet, cit.date)
        for _, _, _, item in reference_issue.items()
        for _, _, cit in item_parts(item)
        if cit is not None
    ]
    assert len(printed) == 18
    assert stored == printed


def test_reference_citation_forms(reference_text: str) -> None:
    """Both printed forms occur, so the pattern above really reads both."""
    forms = {"," if "," in m[0] else "/" for m in CITATION.finditer(reference_text)}
    assert forms == {",", "/"}


# ------------------------------------------- the checker itself can fail


def test_walk_catches_a_changed_word(reference_issue: Issue, reference_text: str) -> None:
    toks = tokens(reference_issue)
    index = next(n for n, tok in enumerate(toks) if tok.path.endswith(".body[0]"))
    toks[index] = Token(toks[index].path, toks[index].text.replace("Azerbaijan", "Azerbaidjan"))
    assert walk(reference_text, toks).missing


def test_walk_catches_a_dropped_paragraph(reference_issue: Issue, reference_text: str) -> None:
    toks = [tok for tok in tokens(reference_issue) if tok.path != "sections[0].items[2].body[1]"]
    result = walk(reference_text, toks)
    assert not result.missing
    assert [path for path, _ in result.stray] == ["sections[0].items[2].source"]


def test_walk_catches_swapped_sources(reference_issue: Issue, reference_text: str) -> None:
    toks = tokens(reference_issue)
    cited = [n for n, tok in enumerate(toks) if tok.source is not None]
    first, second = cited[0], cited[1]
    toks[first], toks[second] = (
        Token(toks[first].path, source=toks[second].source),
        Token(toks[second].path, source=toks[first].source),
    )
    result = walk(reference_text, toks)
    assert result.missing or result.stray


def test_walk_catches_a_bullet_written_as_paragraph(
    reference_issue: Issue, reference_text: str
) -> None:
    toks = tokens(reference_issue)
    index = next(n for n, tok in enumerate(toks) if tok.text.startswith("- "))
    toks[index] = Token(toks[index].path, toks[index].text[2:])
    assert walk(reference_text, toks).stray
