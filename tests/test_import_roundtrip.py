"""Round trip: render --to docx, import, and the --to text rendering is byte-identical."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from briefout.errors import UserError
from briefout.importer import import_document
from briefout.loader import load_issue, load_issue_bytes
from briefout.model import Issue
from briefout.readers.docx import read_docx_bytes
from briefout.render import render_issue
from briefout.style import Style

from conftest import SAMPLE_FILES

#: Inline markup pieces, each valid on its own; joined with spaces into paragraphs.
WORDS = [
    "Azerbaijan", "naïve", "café", "Türkiye", "$80", "50%", "6,824", "x\\*y", "a\\_b",
    "\\[note\\]", "back\\\\slash", "&amp;", "\\<tag\\>", "“quoted”", "—", "…", "😀",
    "e\u0301", "ＡＢＣ", "日本語", "全角\u3000空白", "１２．３", "(Apa, 01.01.2026)", "END",
    "a: b", "#hash", "100.", "->", "C++", "x=y", "`code`", "O'Reilly", "!", "~tilde~",
    "word  spaced", "Label:", "●",
]  # fmt: skip
STYLED = [
    "**{w}**", "*{w}*", "***{w}***", "[{w}](https://example.az/{n}?q=a&b=c)",
    "<https://auto.example.az/{n}>", "**[{w}](https://example.az/b{n})**", "*{w} {v}*",
]  # fmt: skip
STARTS = ["\\- not a bullet", "1\\. not a list", "\\# no heading", "● not an item", "END"]
JA = ["アゼルバイジャン", "大統領、", "NATO", "：", "「軍事」", "２０２５年", "AZAL 機", "●"]
OUTLETS = ["Apa", "JAM-NEWS.NET", "Report News", "Azərtac", "ＡＰＡ", "Apa (Baku)", "A/B"]


def _paragraph(rng: random.Random) -> str:
    words = []
    if rng.random() < 0.2:
        words.append(rng.choice(STARTS))
    for _ in range(rng.randint(2, 14)):
        if rng.random() < 0.3:
            template = rng.choice(STYLED)
            words.append(
                template.format(w=rng.choice(WORDS[:8]), v=rng.choice(WORDS), n=rng.randint(1, 9))
            )
        else:
            words.append(rng.choice(WORDS))
        if rng.random() < 0.05:
            words.append("hard\\\nbreak")
    return " ".join(words)


def _body(rng: random.Random) -> str:
    blocks = []
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.3:
            blocks.append("\n".join("- " + _paragraph(rng) for _ in range(rng.randint(1, 4))))
        else:
            blocks.append(_paragraph(rng))
    return "\n\n".join(blocks) + "\n"


def _source(rng: random.Random) -> object:
    date = f"2026-01-{rng.randint(1, 28):02d}"
    outlet = rng.choice(OUTLETS)
    if rng.random() < 0.3:
        return {
            "outlet": outlet,
            "date": date,
            "url": f"https://news.example.az/{rng.randint(1, 99)}",
        }
    return f"{outlet}, {date}" if "," not in outlet else {"outlet": outlet, "date": date}


def _item(rng: random.Random) -> dict[str, object]:
    item: dict[str, object] = {
        "ja": "".join(rng.choice(JA) for _ in range(rng.randint(1, 5))),
        "en": " ".join(rng.choice([*WORDS[:8], "- Dash:", "#1", "Q: why?"]) for _ in range(4)),
        "body": _body(rng),
    }
    if rng.random() < 0.7:
        item["source"] = _source(rng)
    if rng.random() < 0.3:
        part: dict[str, object] = {"label": rng.choice(["Russian version:", "参考：", "Note"])}
        part["body"] = _body(rng)
        if rng.random() < 0.6:
            part["source"] = _source(rng)
        item["parts"] = [part]
    return item


def generated_issue(seed: int) -> Issue | None:
    """A random valid issue (None if the draw happens to be invalid)."""
    rng = random.Random(seed)
    data = {
        "briefout": 1,
        "title": rng.choice(
            ["アゼルバイジャン政治・治安情報", "Title: with colon", "# not a comment"]
        ),
        "period": rng.choice(["2026-01-01..2026-01-14", "2026-01-09..2026-01-09"]),
        "issuer": rng.choice(["在アゼルバイジャン大使館", 'Embassy "Baku"']),
        "sections": [
            {
                "title": rng.choice(["軍事・治安関係", "1. 内政", "外政 & more", "2026"]),
                "items": [_item(rng) for _ in range(rng.randint(1, 3))],
            }
            for _ in range(rng.randint(1, 3))
        ],
    }
    if rng.random() < 0.7:
        data["subtitle"] = rng.choice(["(公開情報とりまとめ)", "- dash", "note: x"])
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    try:
        return load_issue_bytes(text.encode("utf-8"), f"generated-{seed}")
    except UserError:
        return None


def _round_trip(issue: Issue, style: Style) -> tuple[bytes, bytes]:
    docx = render_issue(issue, style, "docx").outputs[0].data
    imported = import_document(read_docx_bytes(docx, "round-trip.docx")).issue
    original = render_issue(issue, style, "text").outputs[0].data
    again = render_issue(imported, style, "text").outputs[0].data
    return original, again


@pytest.mark.parametrize("name", sorted(SAMPLE_FILES))
def test_samples_round_trip_through_docx(name: str, style: Style) -> None:
    issue = load_issue(SAMPLE_FILES[name])
    original, again = _round_trip(issue, style)
    assert again == original


def test_generated_issues_round_trip_through_docx(style: Style) -> None:
    issues = [issue for seed in range(60) if (issue := generated_issue(seed)) is not None]
    assert len(issues) >= 40  # the generator makes valid issues, not noise
    for number, issue in enumerate(issues):
        original, again = _round_trip(issue, style)
        assert again.decode() == original.decode(), f"generated issue {number}"


def test_generated_issues_cover_what_they_claim() -> None:
    """The set holds bullets, parts, links, emphasis, hard breaks and citations with URLs."""
    issues = [issue for seed in range(60) if (issue := generated_issue(seed)) is not None]
    runs = [
        run
        for issue in issues
        for _, _, _, item in issue.items()
        for block in item.body
        for entry in (block.items if block.kind == "bullets" else (block.runs,))
        for run in entry
    ]
    assert any(run.strong for run in runs) and any(run.emph for run in runs)
    assert any(run.href for run in runs) and any("\n" in run.text for run in runs)
    items = [item for issue in issues for _, _, _, item in issue.items()]
    assert any(item.parts for item in items)
    assert any(item.source and item.source.url for item in items)
    assert any(block.kind == "bullets" for item in items for block in item.body)


def test_round_trip_yaml_is_stable(tmp_path: Path, style: Style) -> None:
    """Importing the DOCX of an imported issue gives the same YAML again."""
    issue = load_issue(SAMPLE_FILES["reference"])
    docx = render_issue(issue, style, "docx").outputs[0].data
    first = import_document(read_docx_bytes(docx, "a.docx"))
    docx_again = render_issue(first.issue, style, "docx").outputs[0].data
    second = import_document(read_docx_bytes(docx_again, "a.docx"))
    assert second.yaml == first.yaml


def test_briefout_docx_resaved_by_libreoffice_still_round_trips(
    tmp_path: Path, style: Style
) -> None:
    """An editor opens briefout's DOCX in LibreOffice and saves it: the import is still exact
    (LibreOffice keeps the named styles the importer reads)."""
    from test_import_docx import libreoffice_resave

    issue = load_issue(SAMPLE_FILES["reference"])
    docx = render_issue(issue, style, "docx").outputs[0].data
    resaved = libreoffice_resave({"reference": docx}, tmp_path)["reference"]
    result = import_document(read_docx_bytes(resaved, "reference-lo.docx"))
    assert result.draft.guesses() == 0 and result.draft.unplaced == []
    again = render_issue(result.issue, style, "text").outputs[0].data
    assert again == render_issue(issue, style, "text").outputs[0].data
