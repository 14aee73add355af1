"""Editorial rules: each rule fires where it must and not elsewhere; positions are exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefout.rules import Finding
from briefout.rules.engine import check_issues

from conftest import REFERENCE_SAMPLE

HEADER = "briefout: 1\ntitle: 情報\nperiod: 2026-01-01..2026-01-09\nissuer: 大使館\nsections:\n"


def item(
    ja: str = "大統領が会談",
    en: str = "President held talks",
    body: str = "The sides met.",
    source: str = "Apa, 2026-01-05",
) -> str:
    """One item in YAML (values written as given: quote them in the argument if needed)."""
    return (
        f"      - ja: {ja}\n        en: {en}\n        body: |\n          {body}\n"
        f"        source: {source}\n"
    )


def issue(*items: str, title: str = "内政") -> str:
    return HEADER + f"  - title: {title}\n    items:\n" + "".join(items or (item(),))


def write(folder: Path, text: str, name: str = "issue.yaml") -> Path:
    (folder / ".git").mkdir(exist_ok=True)  # the project search stops here
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def findings(folder: Path, text: str, rule: str | None = None, **project: str) -> list[Finding]:
    path = write(folder, text)
    if project:
        (folder / "briefout.yaml").write_text(project["config"], encoding="utf-8")
    run = check_issues([path])
    assert not run.problems, run.problems
    return [f for f in run.findings if rule is None or f.rule == rule]


def at(found: list[Finding]) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.excerpt) for f in found]


# --------------------------------------------------------------- the reference


@pytest.fixture(scope="module")
def reference_findings() -> list[Finding]:
    run = check_issues([REFERENCE_SAMPLE])
    assert not run.problems
    return run.findings


def _line_of(text: str) -> int:
    lines = REFERENCE_SAMPLE.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize(
    ("rule", "line_text", "excerpt"),
    [
        ("outlet-spelling", "source: Trend, 2026-01-07", "Trend"),  # TREND twice elsewhere
        ("outlet-spelling", "source: APA, 2025-12-30", "APA"),  # Apa five times
        ("outlet-spelling", "source: AZERTAG, 2025-12-31", "AZERTAG"),  # Azertag three times
        ("outlet-spelling", "source: AZERTAG, 2026-01-04", "AZERTAG"),
        ("ja-space", "国境警備局が 2025 年", " "),
        ("ja-space", "自社船舶 5 隻", " "),
        ("ja-punctuation", "NATO : TRIPP", " : "),
        ("en-date-style", "On Jan.04,", "Jan.04"),
        ("en-date-style", "on Dec.9 by", "Dec.9"),
    ],
)
def test_reference_slips_are_reported_at_their_line(
    reference_findings: list[Finding], rule: str, line_text: str, excerpt: str
) -> None:
    line = _line_of(line_text)
    hits = [f for f in reference_findings if f.rule == rule and f.line == line]
    assert hits and all(f.excerpt == excerpt for f in hits), (rule, line, hits)
    source_line = REFERENCE_SAMPLE.read_text(encoding="utf-8").splitlines()[line - 1]
    for hit in hits:  # the column points at the flagged characters themselves
        assert source_line[hit.column - 1 : hit.end_column - 1] == excerpt


def test_reference_house_style_dates_and_consistent_outlets_pass(
    reference_findings: list[Finding],
) -> None:
    dates = {f.excerpt for f in reference_findings if f.rule == "en-date-style"}
    assert dates == {"Jan.04", "Dec.9", "Dec.29", "Dec.25"}  # never "Jan. 7"
    outlets = {f.excerpt for f in reference_findings if f.rule == "outlet-spelling"}
    assert outlets == {"Trend", "APA", "AZERTAG"}  # Apa, Azertag, TREND are the majorities
    assert not [f for f in reference_findings if f.rule in ("citation-date", "duplicate-item")]
    assert not [f for f in reference_findings if f.rule == "headline-language"]


# -------------------------------------------------------------- rule by rule


def test_ja_space_never_and_always(tmp_path: Path) -> None:
    text = issue(item(ja="国境警備局が 2025 年の活動、NATOと協議"))
    found = findings(tmp_path, text, "ja-space")
    assert [(f.excerpt, f.fix is not None) for f in found] == [(" ", True), (" ", True)]
    config = "lint:\n  ja-space: {policy: always}\n"
    found = findings(tmp_path, text, "ja-space", config=config)
    assert [(f.column, f.excerpt) for f in found] == [(34, "")]  # NATOと (、 is punctuation)


def test_ja_space_leaves_english_text_alone(tmp_path: Path) -> None:
    body = "The Japanese daily 日経 reported it in 2025 for readers."
    assert findings(tmp_path, issue(item(body=body, ja="日経新聞が記事を掲載")), "ja-space") == []


def test_ja_width(tmp_path: Path) -> None:
    found = findings(tmp_path, issue(item(ja="ＡＰＡが３０日にｶﾞｲﾄﾞを公表")), "ja-width")
    assert [(f.excerpt, f.fix.edits[0].text if f.fix else None) for f in found] == [
        ("ＡＰＡ", "APA"),
        ("３０", "30"),
        ("ｶﾞｲﾄﾞ", "ガイド"),
    ]
    assert findings(tmp_path, issue(item(ja="APAが30日にガイドを公表")), "ja-width") == []


def test_ja_punctuation(tmp_path: Path) -> None:
    found = findings(
        tmp_path, issue(item(ja='"NATO : 協議 (速報)、6,824個, 3:00に"')), "ja-punctuation"
    )
    assert [(f.excerpt, f.fix.edits[0].text if f.fix else None) for f in found] == [
        (" : ", "："),
        (" (", "（"),
        (")", "）"),
        (", ", None),  # 、 or ，: not fixed automatically; 6,824 and 3:00 are left alone
    ]
    english = issue(item(body="Talks (in Baku): agreed, signed!"))
    assert findings(tmp_path, english, "ja-punctuation") == []


def test_en_date_style(tmp_path: Path) -> None:
    body = "On Jan.04 and Dec.9, not Jan. 7, Jan 8, Sept.3 or January 07; May 5 is fine."
    found = findings(tmp_path, issue(item(body=body)), "en-date-style")
    assert [(f.excerpt, f.fix.edits[0].text if f.fix else None) for f in found] == [
        ("Jan.04", "Jan. 4"),
        ("Dec.9", "Dec. 9"),
        ("Jan 8", "Jan. 8"),
        ("Sept.3", "Sept. 3"),
        ("January 07", "January 7"),
    ]
    config = "lint:\n  en-date-style: {style: January 7}\n"
    found = findings(
        tmp_path, issue(item(body="On Jan. 7 and March 3.")), "en-date-style", config=config
    )
    assert [(f.excerpt, f.fix.edits[0].text if f.fix else None) for f in found] == [
        ("Jan. 7", "January 7")
    ]
    assert (
        findings(
            tmp_path, issue(item(ja="1月7日", body="Section 907 of Decree 12.")), "en-date-style"
        )
        == []
    )


def test_doubled_word(tmp_path: Path) -> None:
    found = findings(
        tmp_path,
        issue(item(body="He said the the talks\n          that that went well.")),
        "doubled-word",
    )
    assert [(f.line, f.excerpt) for f in found] == [(11, "the")]


def test_unbalanced_brackets(tmp_path: Path) -> None:
    found = findings(
        tmp_path, issue(item(ja="「会談」と「協議", en="Talks) held")), "unbalanced-brackets"
    )
    assert [f.excerpt for f in found] == ["「", ")"]
    assert findings(tmp_path, issue(item(ja="「会談（速報）」")), "unbalanced-brackets") == []


def test_headline_language(tmp_path: Path) -> None:
    swapped = issue(item(ja="President held talks", en="大統領が会談"))
    found = findings(tmp_path, swapped, "headline-language")
    assert [f.path.rsplit(".", 1)[1] for f in found] == ["ja", "en"]
    assert "swapped" in found[0].hint
    mixed = issue(item(ja="日経新聞が TRIPP に関する記事を掲載", en="Nikkei on TRIPP (日経)"))
    assert findings(tmp_path, mixed, "headline-language") == []


def test_citation_date_and_grace(tmp_path: Path) -> None:
    text = issue(
        item(source="Apa, 2025-12-29"),
        item(source="{outlet: Apa, date: 2026-01-10}"),
        item(source="Apa, 2026-01-09"),
    )
    found = findings(tmp_path, text, "citation-date")
    assert [(f.excerpt, f.path) for f in found] == [
        ("2025-12-29", "sections[0].items[0].source"),
        ("2026-01-10", "sections[0].items[1].source.date"),
    ]
    graced = findings(
        tmp_path, text, "citation-date", config="lint:\n  citation-date: {grace_days: 3}\n"
    )
    assert [f.excerpt for f in graced] == ["2026-01-10"]  # after the end: never graced


def test_outlet_spelling_without_and_with_a_list(tmp_path: Path) -> None:
    text = issue(
        item(source="Apa, 2026-01-05"),
        item(source="Apa, 2026-01-06"),
        item(source="A.P.A, 2026-01-07"),
        item(source="Trend, 2026-01-07"),
    )
    found = findings(tmp_path, text, "outlet-spelling")
    assert [(f.excerpt, f.fix) for f in found] == [("A.P.A", None)]
    config = "outlets:\n  APA: [apa.az]\n"
    found = findings(tmp_path, text, "outlet-spelling", config=config)
    assert [(f.excerpt, f.fix.edits[0].text if f.fix else None) for f in found] == [
        ("Apa", "APA"),
        ("Apa", "APA"),
        ("A.P.A", "APA"),
        ("Trend", None),  # not in the list
    ]
    config += "lint:\n  outlet-spelling: {unlisted: false}\n"
    assert [f.excerpt for f in findings(tmp_path, text, "outlet-spelling", config=config)] == [
        "Apa",
        "Apa",
        "A.P.A",
    ]


def test_duplicate_item_within_and_across_issues(tmp_path: Path) -> None:
    body = (
        "The Azerbaijan Mine Action Agency carried out operations in the districts of Tartar "
        "and Aghdara in 2025, clearing land."
    )
    first = issue(
        item(en="ANAMA cleared mines in 2025", body=body, source="Azertag, 2026-01-05"),
        item(
            en="ANAMA cleared mines in 2025.",
            body="Other text entirely here.",
            source="AZERTAG, 2026-01-05",
        ),
        item(
            en="Something else",
            body="Unrelated words.",
            source="{outlet: Apa, date: 2026-01-05, url: 'https://apa.az/1'}",
        ),
    )
    second = issue(
        item(en="A new headline", body=body.replace("2025", "2025,"), source="Trend, 2026-01-06"),
        item(
            en="Different",
            body="Different body.",
            source="{outlet: Trend, date: 2026-01-06, url: 'https://APA.az/1/'}",
        ),
        item(en="Unique", body="Unique body text.", source="Report, 2026-01-07"),
    )
    one = write(tmp_path, first, "one.yaml")
    two = write(tmp_path, second, "two.yaml")
    run = check_issues([one, two])
    found = [
        (Path(f.file).name, f.path, f.message) for f in run.findings if f.rule == "duplicate-item"
    ]
    assert [(name, path) for name, path, _ in found] == [
        ("one.yaml", "sections[0].items[1].en"),
        ("two.yaml", "sections[0].items[0].en"),
        ("two.yaml", "sections[0].items[1].en"),
    ]
    assert "same outlet and date" in found[0][2]
    assert "body" in found[1][2] and "one.yaml" in found[1][2]
    assert "the same link" in found[2][2]
    assert not [
        f for f in check_issues([one]).findings if f.rule == "duplicate-item" and f.line > 20
    ]


def test_nearly_the_same_body_is_found_for_every_later_item(tmp_path: Path) -> None:
    """Runs shared by three items: the second and third both point at the first."""
    body = (
        "The Azerbaijan Mine Action Agency carried out operations in the districts of Tartar "
        "and Aghdara in 2025, clearing land and returning it to farmers before the spring."
    )
    bodies = [body, body.replace("2025", "2025,"), body.replace("land", "land,")]
    text = issue(*(item(en=f"Headline {n}", body=b) for n, b in enumerate(bodies)))
    found = findings(tmp_path, text, "duplicate-item")
    assert [(f.path, "sections[0].items[0] (line" in f.message) for f in found] == [
        ("sections[0].items[1].en", True),
        ("sections[0].items[2].en", True),
    ]


def test_addresses_are_never_flagged_nor_fixed(tmp_path: Path) -> None:
    body = (
        "See [the report](https://example.org/news/Jan.04/(draft)/ＡＢ) and "
        "https://example.org/Dec.9 — on Jan.04."
    )
    found = findings(tmp_path, issue(item(body=body)))
    assert [(f.rule, f.excerpt) for f in found] == [("en-date-style", "Jan.04")]
    assert found[0].column == len("          ") + body.rindex("Jan.04") + 1
