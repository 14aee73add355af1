"""The walk: every text-bearing node, one path spelling, the language and the file position.

Expected paths, texts and positions are written out by hand from the YAML below (lines
counted in the file), not computed with the code under test.
"""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from briefout.loader import load_issue_bytes
from briefout.model import BulletList, Issue, Item, Paragraph, Period, Run, Section
from briefout.walk import NO_FILE, locate, parse, problem_at, source_of, spell, walk

ISSUE = """\
briefout: 1
title: 政治情報
subtitle: (公開情報)
period: 2026-01-10..2026-01-23
issuer: 大使館
sections:
  - title: 内政
    items:
      - ja: 見出し
        en: Headline
        body: |
          First paragraph with a [link](https://a.example/?x=1&y=2).

          - bullet one
          - bullet **two** [here](https://b.example/)

          Last paragraph.
        source: {outlet: Apa, date: 2026-01-07, url: "https://apa.az/1"}
        parts:
          - label: "Russian version:"
            body: >
              Folded
              text.
            source: Trend, 2026-01-08
"""

# (kind, path, language, text, line, column): written from the YAML above
EXPECTED = [
    ("title", "title", "ja", "政治情報", 2, 8),
    ("subtitle", "subtitle", "ja", "(公開情報)", 3, 11),
    ("period", "period", None, "2026-01-10..2026-01-23", 4, 9),
    ("issuer", "issuer", "ja", "大使館", 5, 9),
    ("section_title", "sections[0].title", "ja", "内政", 7, 12),
    ("headline_ja", "sections[0].items[0].ja", "ja", "見出し", 9, 13),
    ("headline_en", "sections[0].items[0].en", "en", "Headline", 10, 13),
    (
        "paragraph",
        "sections[0].items[0].body[0]",
        "en",
        "First paragraph with a link.",
        12,
        11,
    ),
    (
        "link",
        "sections[0].items[0].body[0].runs[1].href",
        None,
        "https://a.example/?x=1&y=2",
        12,
        11,
    ),
    ("bullet", "sections[0].items[0].body[1].items[0]", "en", "bullet one", 14, 11),
    ("bullet", "sections[0].items[0].body[1].items[1]", "en", "bullet two here", 15, 11),
    ("link", "sections[0].items[0].body[1].items[1][3].href", None, "https://b.example/", 15, 11),
    ("paragraph", "sections[0].items[0].body[2]", "en", "Last paragraph.", 17, 11),
    ("outlet", "sections[0].items[0].source.outlet", "en", "Apa", 18, 26),
    ("url", "sections[0].items[0].source.url", None, "https://apa.az/1", 18, 54),
    ("label", "sections[0].items[0].parts[0].label", "en", "Russian version:", 20, 20),
    ("paragraph", "sections[0].items[0].parts[0].body[0]", "en", "Folded text.", 22, 15),
    # a short 'Outlet, date' source has no outlet of its own in the file: the source's place
    ("outlet", "sections[0].items[0].parts[0].source.outlet", "en", "Trend", 24, 21),
]


@pytest.fixture(scope="module")
def issue() -> Issue:
    return load_issue_bytes(ISSUE.encode(), "walk.yaml")


def test_walk_yields_every_text_node_in_reading_order(issue: Issue) -> None:
    got = [(n.kind, n.where, n.language, n.text) for n in walk(issue)]
    assert got == [row[:4] for row in EXPECTED]


def test_paragraph_and_bullet_nodes_carry_their_runs(issue: Issue) -> None:
    nodes = {n.where: n for n in walk(issue)}
    bullet = nodes["sections[0].items[0].body[1].items[1]"]
    assert [(r.text, r.strong, r.href) for r in bullet.runs] == [
        ("bullet ", False, None),
        ("two", True, None),
        (" ", False, None),
        ("here", False, "https://b.example/"),
    ]
    first = nodes["sections[0].items[0].body[0]"]
    assert [r.text for r in first.runs] == ["First paragraph with a ", "link", "."]
    assert all(not n.runs for n in walk(issue) if n.kind not in ("paragraph", "bullet"))


def test_every_node_has_its_file_position(issue: Issue) -> None:
    got = [(n.where, locate(issue, n.path)) for n in walk(issue)]
    for (where, position), (_, path, _, _, line, column) in zip(got, EXPECTED, strict=True):
        assert where == path
        assert position is not None
        assert (position.line, position.column) == (line, column), where


def test_problem_at_prints_file_line_column_and_the_path(issue: Issue) -> None:
    problem = problem_at(
        issue, ("sections", 0, "items", 0, "body", 1, "items", 1), "too long", "shorten it"
    )
    assert str(problem) == (
        "walk.yaml:15:11: sections[0].items[0].body[1].items[1]: too long; shorten it"
    )
    assert problem.severity == "error"
    assert str(problem_at(issue, ("issuer",), "no hint")) == "walk.yaml:5:9: issuer: no hint"
    warning = problem_at(issue, ("title",), "odd", severity="warning")
    assert (warning.line, warning.column, warning.severity) == (2, 8, "warning")


def test_a_path_outside_the_file_points_at_its_nearest_parent(issue: Issue) -> None:
    # block 7 does not exist: the body itself; an unknown key: its parent mapping's value
    assert locate(issue, ("sections", 0, "items", 0, "body", 7)).line == 11  # type: ignore[union-attr]
    assert locate(issue, ("sections", 0, "nothing")).line == 7  # type: ignore[union-attr]
    # the body itself (no block index) is where the body value starts
    assert locate(issue, ("sections", 0, "items", 0, "body")).line == 11  # type: ignore[union-attr]


def test_paths_parse_back_to_the_same_key(issue: Issue) -> None:
    for node in walk(issue):
        assert parse(node.where) == node.path
        assert spell(node.path) == node.where
    assert parse("sections[10].items[2].body[1].items[0][3].href") == (
        "sections",
        10,
        "items",
        2,
        "body",
        1,
        "items",
        0,
        3,
        "href",
    )


@pytest.mark.parametrize("bad", ["", "[0]", "sections.[0]", "sections[x]", "a..b", ".title", "a b"])
def test_a_malformed_path_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not an issue path"):
        parse(bad)


def _built_in_code() -> Issue:
    body = (
        Paragraph(runs=(Run(text="p"),)),
        BulletList(items=((Run(text="a"),), (Run(text="b", href="https://x.example/"),))),
    )
    item = Item(ja="見", en="Seen", body=body)
    return Issue(
        briefout=1,
        title="T",
        subtitle="S",
        period=Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2)),
        issuer="I",
        sections=(Section(title="Sec", items=(item,)),),
    )


def test_an_issue_built_in_code_walks_without_positions() -> None:
    issue = _built_in_code()
    assert [n.where for n in walk(issue)] == [
        "title",
        "subtitle",
        "period",
        "issuer",
        "sections[0].title",
        "sections[0].items[0].ja",
        "sections[0].items[0].en",
        "sections[0].items[0].body[0]",
        "sections[0].items[0].body[1].items[0]",
        "sections[0].items[0].body[1].items[1]",
        "sections[0].items[0].body[1].items[1][0].href",
    ]
    assert source_of(issue) is None and locate(issue, ("title",)) is None
    problem = problem_at(issue, ("sections", 0, "title"), "bad", "fix")
    assert str(problem) == "<issue>: sections[0].title: bad; fix"
    assert (problem.file, problem.line, problem.severity) == (NO_FILE, 0, "error")
    warning = problem_at(issue, ("title",), "odd", severity="warning")
    assert warning.severity == "warning"


def test_node_helpers_name_section_item_and_block(issue: Issue) -> None:
    nodes = {n.where: n for n in walk(issue)}
    bullet = nodes["sections[0].items[0].body[1].items[1]"]
    assert (bullet.section, bullet.item, bullet.block) == (
        0,
        0,
        ("sections", 0, "items", 0, "body", 1),
    )
    assert nodes["title"].section is None and nodes["title"].block is None
    assert nodes["sections[0].title"].item is None
    assert nodes["sections[0].items[0].source.outlet"].citation is not None


def test_the_source_is_forgotten_with_the_issue() -> None:
    from briefout import walk as walk_module

    before = len(walk_module._SOURCES)
    issue = load_issue_bytes(ISSUE.encode(), "gone.yaml")
    assert len(walk_module._SOURCES) == before + 1
    del issue
    gc.collect()
    assert len(walk_module._SOURCES) == before
