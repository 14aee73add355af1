"""The exact words an editor reads for each kind of bad issue file.

Every expected line below was written by hand from the input (line and column counted in
the text, the wording read as a user would read it), not copied from the program's output:
``FILE:LINE:COL: path: what is wrong; how to fix it``.  A change to any message, hint or
position shows up here as a one-line difference.
"""

from __future__ import annotations

import pytest

from briefout.errors import UserError
from briefout.loader import load_issue, load_issue_bytes
from briefout.walk import problem_at

# line 9 holds `en: Headline`, its value at column 13
MINI = """\
briefout: 1
title: 週報
period: 2026-01-10..2026-01-23
issuer: 大使館
sections:
  - title: 政治
    items:
      - ja: 見出し
        en: Headline
        body: Text.
        source: APA, 2026-01-05
"""

SAVE_AS_UTF8 = "save it as UTF-8 (in Notepad or VS Code: Save with Encoding, UTF-8)"
NOT_ALLOWED = "the file contains a character that is not allowed"
DELETE_IT = "delete it; it is usually invisible, pasted from another program"
EN = "issue.yaml:9:13: sections[0].items[0].en"


def _swap(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


def _report(raw: bytes) -> list[str]:
    with pytest.raises(UserError) as caught:
        load_issue_bytes(raw, "issue.yaml")
    error = caught.value
    # a fault found before validation has no message of its own (`send` would print it)
    assert error.message in ("", f"issue.yaml: {len(error.problems)} problem(s)")
    assert all(isinstance(problem.path, str) for problem in error.problems)
    return str(error).splitlines()


ENCODING = {
    "UTF-16 little-endian, with its BOM": (
        MINI.encode("utf-16"),
        [f"issue.yaml:1:1: the file is UTF-16, not UTF-8; {SAVE_AS_UTF8}"],
    ),
    "UTF-16 big-endian, with its BOM": (
        b"\xfe\xff" + MINI.encode("utf-16-be"),
        [f"issue.yaml:1:1: the file is UTF-16, not UTF-8; {SAVE_AS_UTF8}"],
    ),
    "a Shift_JIS headline (見 is 8C A9) after 12 characters of line 8": (
        MINI.encode().replace("見出し".encode(), "見出し".encode("shift_jis")),
        [
            "issue.yaml:8:13: the file is not valid UTF-8 (byte 0x8C; perhaps Shift_JIS or "
            f"Windows-1252); {SAVE_AS_UTF8}"
        ],
    ),
    "a Windows-1252 é: the column counts characters, not bytes": (
        _swap("en: Headline", "en: 日本 café").encode().replace("é".encode(), b"\xe9"),
        [
            "issue.yaml:9:19: the file is not valid UTF-8 (byte 0xE9; perhaps Shift_JIS or "
            f"Windows-1252); {SAVE_AS_UTF8}"
        ],
    ),
    "the very first byte": (
        b"\x80" + MINI.encode(),
        [
            "issue.yaml:1:1: the file is not valid UTF-8 (byte 0x80; perhaps Shift_JIS or "
            f"Windows-1252); {SAVE_AS_UTF8}"
        ],
    ),
    "the first byte of line 3": (
        MINI.encode().replace(b"period:", b"\xc0period:"),
        [
            "issue.yaml:3:1: the file is not valid UTF-8 (byte 0xC0; perhaps Shift_JIS or "
            f"Windows-1252); {SAVE_AS_UTF8}"
        ],
    ),
    "on the line after a first, empty line": (
        b"\n\xff" + MINI.encode(),
        [
            "issue.yaml:2:1: the file is not valid UTF-8 (byte 0xFF; perhaps Shift_JIS or "
            f"Windows-1252); {SAVE_AS_UTF8}"
        ],
    ),
    "after a UTF-8 BOM, which is not a column": (
        b"\xef\xbb\xbf" + MINI.encode().replace(b"briefout: 1", b"briefout: \xff1"),
        [
            "issue.yaml:1:11: the file is not valid UTF-8 (byte 0xFF; perhaps Shift_JIS or "
            f"Windows-1252); {SAVE_AS_UTF8}"
        ],
    ),
    "a UTF-8 BOM is fine and moves no position": (
        b"\xef\xbb\xbf" + _swap("title:", "titel:").encode(),
        ["issue.yaml:2:1: titel: unknown key 'titel'; did you mean 'title'?"],
    ),
}

CHARACTERS = {
    "a NUL inside a headline": (
        _swap("Headline", "Head\x00line"),
        [f"issue.yaml:9:17: {NOT_ALLOWED} (U+0000); {DELETE_IT}"],
    ),
    "an escape and a DEL, each at its own line and column": (
        _swap("title: 週報", "title: \x1b週報").replace("Text.", "本文\x7f."),
        [
            f"issue.yaml:2:8: {NOT_ALLOWED} (U+001B); {DELETE_IT}",
            f"issue.yaml:10:17: {NOT_ALLOWED} (U+007F); {DELETE_IT}",
        ],
    ),
    "a non-character at the end of a line": (
        _swap("大使館", "大使館\ufffe"),
        [f"issue.yaml:4:12: {NOT_ALLOWED} (U+FFFE); {DELETE_IT}"],
    ),
}

SYNTAX = {
    "a tab before a list entry": (
        _swap("  - title", "\t- title"),
        [
            "issue.yaml:6:1: YAML syntax error: found character that cannot start any token; "
            "indent with spaces, not tabs"
        ],
    ),
    "a tab as indentation of a key": (
        _swap("        body", "\tbody"),
        [
            "issue.yaml:10:1: YAML syntax error: found a tab character that violates indentation; "
            "indent with spaces, not tabs"
        ],
    ),
    "a second ': ' in plain text (at column 21)": (
        _swap("en: Headline", "en: Headline: more"),
        [
            "issue.yaml:9:21: YAML syntax error: mapping values are not allowed in this context; "
            "put text containing ': ' in quotes, or use a block scalar ('|') for long text"
        ],
    ),
    "a key without its colon, followed by another line": (
        _swap("        en: Headline", "        en Headline\n        x"),
        [
            "issue.yaml:10:9: YAML syntax error: could not find expected ':'; every key needs a "
            "':' after it; check the line above"
        ],
    ),
    "an alias to an anchor never defined": (
        _swap("en: Headline", "en: *nope"),
        [
            "issue.yaml:9:13: YAML syntax error: found undefined alias; define the anchor (&name) "
            "before using it (*name)"
        ],
    ),
    "a key one space short of its siblings": (
        _swap("        en: Headline", "       en: Headline"),
        [
            "issue.yaml:9:8: YAML syntax error: did not find expected '-' indicator; check the "
            "indentation: keys of one entry must line up"
        ],
    ),
    "a key left of its mapping (column 2)": (
        _swap("    items:", " x: y\n    items:"),
        [
            "issue.yaml:7:2: YAML syntax error: did not find expected key; check the "
            "indentation: keys of one mapping must line up"
        ],
    ),
    "a quote never closed: the end of the file is reached": (
        _swap("en: Headline", "en: 'Headline"),
        [
            "issue.yaml:12:1: YAML syntax error: found unexpected end of stream; a quote or "
            "bracket is not closed"
        ],
    ),
    "a backslash in double quotes (column 16)": (
        _swap("en: Headline", 'en: "C:\\yes"'),
        [
            "issue.yaml:9:16: YAML syntax error: found unknown escape character; inside double "
            "quotes write \\\\ for a backslash, or use single quotes"
        ],
    ),
    "a second document": (
        MINI + "---\nbriefout: 1\n",
        [
            "issue.yaml:12:1: YAML syntax error: the file holds more than one YAML document; "
            "remove the '---' line"
        ],
    ),
    "a reserved character starting plain text: the general hint": (
        _swap("en: Headline", "en: @Headline"),
        [
            "issue.yaml:9:13: YAML syntax error: found character that cannot start any token; "
            "check the indentation and the quotes near here"
        ],
    ),
}

STRUCTURE = {
    "an empty file": (
        "",
        ["issue.yaml:1:1: the file is empty; write the issue; `briefout new` makes a skeleton"],
    ),
    "only a comment": (
        "# to do\n",
        ["issue.yaml:1:1: the file is empty; write the issue; `briefout new` makes a skeleton"],
    ),
    "a list at the top": (
        "- a\n- b\n",
        [
            "issue.yaml:1:1: the file must be a mapping of keys "
            "(title:, period:, sections: ...); see "
            "samples/minimal.yaml"
        ],
    ),
    "a key written twice (4:1), the first on line 2": (
        _swap("issuer:", "title: again\nissuer:"),
        [
            "issue.yaml:4:1: title: the key 'title' appears twice in this mapping (first on line "
            "2); keep one of them; YAML would silently drop the first"
        ],
    ),
    "an anchor used inside itself": (
        _swap("en: Headline", "en: &x [*x]"),
        [
            f"{EN}[0]: the anchor here is used inside itself (*name within &name), which would "
            "repeat forever; write the content out instead"
        ],
    ),
    "a list as a key (its bracket at column 14)": (
        _swap("en: Headline", "en: {[a]: b}"),
        ["issue.yaml:9:14: sections[0].items[0].en: a key must be plain text; write 'name: value'"],
    ),
    "a merge key": (
        _swap("        en: Headline", "        <<: {en: Headline}"),
        [
            "issue.yaml:9:9: sections[0].items[0]: merge keys ('<<') are not supported; write "
            "the keys out"
        ],
    ),
    "a tag from another program": (
        _swap("en: Headline", "en: !include other.yaml"),
        [f"{EN}: the tag '!include' is not supported; remove the tag; write plain text"],
    ),
    "a tag with an escaped no-break space, shown as its code": (
        _swap("en: Headline", "en: !a%C2%A0b x"),
        [f"{EN}: the tag '!a<U+00A0>b' is not supported; remove the tag; write plain text"],
    ),
    "a tag of 91 characters, cut after 80": (
        _swap("en: Headline", "en: !" + "x" * 90 + " y"),
        [f"{EN}: the tag '!{'x' * 79}…' is not supported; remove the tag; write plain text"],
    ),
    "a tag of 80 characters, shown whole": (
        _swap("en: Headline", "en: !" + "x" * 79 + " y"),
        [f"{EN}: the tag '!{'x' * 79}' is not supported; remove the tag; write plain text"],
    ),
    "a number tag on words": (
        _swap("en: Headline", "en: !!int abc"),
        [f"{EN}: 'abc' is not a valid !!int; remove the tag"],
    ),
    "a number tag on nothing": (
        _swap("en: Headline", 'en: !!int ""'),
        [f"{EN}: '' is not a valid !!int; remove the tag"],
    ),
    "a decimal tag on nothing": (
        _swap("en: Headline", "en: !!float"),
        [f"{EN}: '' is not a valid !!float; remove the tag"],
    ),
    "a true/false tag on a maybe": (
        _swap("en: Headline", "en: !!bool maybe"),
        [f"{EN}: 'maybe' is not a valid !!bool; remove the tag"],
    ),
    "nesting deeper than 64 levels (the 65th opens at column 67)": (
        "a: " + "[" * 64 + "]" * 64 + "\n",
        [
            "issue.yaml:1:67: lists and mappings are nested more than 64 levels deep here; an "
            "issue needs only a few levels; check the brackets and indentation"
        ],
    ),
}


ITEM = "issue.yaml:8:9: sections[0].items[0]"
NOT_TEXT = "put the value in quotes"
A_DATE = "write a real date as YYYY-MM-DD, e.g. 2026-01-09"
THE_ITEM = MINI[MINI.index("      - ja") :]
JS_LINK = (
    "the link 'javascript:{}' is a 'javascript:' link, and only http(s):// and mailto: links "
    "are allowed; write the full address, e.g. https://apa.az/news/1 or mailto:press@example.org"
)
RAW_HTML = (
    "raw HTML ('{}') is not supported; write plain text (to print an angle bracket, write \\<)"
)

VALIDATION = {
    "a noncharacter, which YAML lets through and no output can carry": (
        _swap("title: 週報", "title: 週\ufdd0報"),
        [
            "issue.yaml:2:9: title: the text contains the character U+FDD0, which no output "
            "can carry; delete it; it is invisible, usually pasted from another program"
        ],
    ),
    "a misspelt key in an item": (
        _swap("        body", "        eng: x\n        body"),
        ["issue.yaml:10:9: sections[0].items[0].eng: unknown key 'eng'; did you mean 'en'?"],
    ),
    "a misspelt required key: no second message that it is missing": (
        _swap("issuer:", "isuer:"),
        ["issue.yaml:4:1: isuer: unknown key 'isuer'; did you mean 'issuer'?"],
    ),
    "an unknown key like no other: the allowed keys are listed": (
        MINI + "colour: red\n",
        [
            "issue.yaml:12:1: colour: unknown key 'colour'; remove it; allowed here: briefout, "
            "title, subtitle, period, issuer, sections"
        ],
    ),
    "an unknown key in a source mapping (column 49)": (
        _swap("source: APA, 2026-01-05", "source: {outlet: APA, date: 2026-01-05, link: x}"),
        [
            "issue.yaml:11:49: sections[0].items[0].source.link: unknown key 'link'; remove it; "
            "allowed here: outlet, date, url"
        ],
    ),
    "a key written twice and a misspelt one, together and in line order": (
        _swap("issuer:", "title: again\nisuer:"),
        [
            "issue.yaml:4:1: title: the key 'title' appears twice in this mapping (first on line "
            "2); keep one of them; YAML would silently drop the first",
            "issue.yaml:5:1: isuer: unknown key 'isuer'; did you mean 'issuer'?",
        ],
    ),
    "a missing headline: at the item, with the field's description": (
        _swap("        en: Headline\n", ""),
        [f"{ITEM}: 'en' is missing; add 'en:' (English headline.)"],
    ),
    "a missing format version": (
        _swap("briefout: 1\n", ""),
        [
            "issue.yaml:1:1: the format version 'briefout' is missing; add 'briefout: 1' as the "
            "first line"
        ],
    ),
    "a missing format version after a comment: where the mapping starts": (
        "# weekly\n" + MINI.replace("briefout: 1\n", ""),
        [
            "issue.yaml:2:1: the format version 'briefout' is missing; add 'briefout: 1' as the "
            "first line"
        ],
    ),
    "missing sections: a field without a description": (
        MINI.split("sections:")[0],
        ["issue.yaml:1:1: 'sections' is missing; add 'sections:'"],
    ),
    "format version 2": (
        _swap("briefout: 1", "briefout: 2"),
        ["issue.yaml:1:11: briefout: format version 2 is not supported; write 'briefout: 1'"],
    ),
    "format version '1' in quotes": (
        _swap("briefout: 1", "briefout: '1'"),
        ["issue.yaml:1:11: briefout: format version '1' is not supported; write 'briefout: 1'"],
    ),
    "an impossible end of the period": (
        _swap("2026-01-23", "2026-02-30"),
        [f"issue.yaml:3:9: period: '2026-02-30' is not a valid date; {A_DATE}"],
    ),
    "a period that ends before it starts": (
        _swap("2026-01-10..2026-01-23", "2026-01-23..2026-01-10"),
        [
            "issue.yaml:3:9: period: the period ends (2026-01-10) before it starts (2026-01-23); "
            "correct the value"
        ],
    ),
    "a period written another way": (
        _swap("2026-01-10..2026-01-23", "2026-01-10 to 2026-01-23"),
        ["issue.yaml:3:9: period: a period is written 'YYYY-MM-DD..YYYY-MM-DD'; correct the value"],
    ),
    "an impossible source date": (
        _swap("APA, 2026-01-05", "APA, 2026-02-30"),
        [
            f"issue.yaml:11:17: sections[0].items[0].source: '2026-02-30' is not a valid date; "
            f"{A_DATE}"
        ],
    ),
    "a source without a date": (
        _swap("APA, 2026-01-05", "APA"),
        [
            "issue.yaml:11:17: sections[0].items[0].source: a source is written 'Outlet, "
            "YYYY-MM-DD' (for example 'Azertag, 2026-01-05') or as a mapping with outlet, date and "
            "url; correct the value"
        ],
    ),
    "an empty headline in quotes": (
        _swap("en: Headline", 'en: ""'),
        [f"{EN}: is empty; write the text after the colon"],
    ),
    "a headline left out after its colon": (
        _swap("en: Headline", "en:"),
        ["issue.yaml:9:12: sections[0].items[0].en: is empty; write the text after the colon"],
    ),
    "a number for a headline": (
        _swap("en: Headline", "en: 12"),
        [f"{EN}: expected text, found a number; {NOT_TEXT}"],
    ),
    "a decimal number for a headline": (
        _swap("en: Headline", "en: 1.5"),
        [f"{EN}: expected text, found a number; {NOT_TEXT}"],
    ),
    "true for a headline": (
        _swap("en: Headline", "en: true"),
        [f"{EN}: expected text, found true/false; {NOT_TEXT}"],
    ),
    "a list for a headline": (
        _swap("en: Headline", "en: [a]"),
        [f"{EN}: expected text, found a list; {NOT_TEXT}"],
    ),
    "a mapping for a headline": (
        _swap("en: Headline", "en: {a: b}"),
        [f"{EN}: expected text, found a mapping; {NOT_TEXT}"],
    ),
    "a number for the subtitle (text or nothing)": (
        _swap("issuer:", "subtitle: 5\nissuer:"),
        [f"issue.yaml:4:11: subtitle: expected text, found a number; {NOT_TEXT}"],
    ),
    "text where the sections go": (
        MINI.split("sections:")[0] + "sections: none\n",
        ["issue.yaml:5:11: sections: expected a list, found text; start each entry with '- '"],
    ),
    "no sections": (
        MINI.split("sections:")[0] + "sections: []\n",
        [
            "issue.yaml:5:11: sections: the list is empty; add at least one entry, each starting "
            "with '- '"
        ],
    ),
    "no items": (
        _swap("    items:\n" + THE_ITEM, "    items: []\n"),
        [
            "issue.yaml:7:12: sections[0].items: the list is empty; add at least one entry, each "
            "starting with '- '"
        ],
    ),
    "a section that is only its title": (
        MINI.split("  - title")[0] + "  - 政治\n",
        [
            "issue.yaml:6:5: sections[0]: expected a mapping of keys, found text; write "
            "'key: value' lines"
        ],
    ),
    "an item that is a number: the list itself is not empty": (
        _swap(THE_ITEM, "      - 5\n"),
        [f"{ITEM}: expected a mapping of keys, found a number; write 'key: value' lines"],
    ),
    "an empty body": (
        _swap("body: Text.", 'body: ""'),
        [
            "issue.yaml:10:15: sections[0].items[0].body: the body is empty; write at least one "
            "paragraph"
        ],
    ),
    "a number for a body": (
        _swap("body: Text.", "body: 123"),
        [
            "issue.yaml:10:15: sections[0].items[0].body: expected text, found a number; write the "
            "body as text: 'body: |' and the paragraphs indented on the lines below ('- ' inside "
            "the text makes a bullet)"
        ],
    ),
    "every markup problem of a body, each at its line and column": (
        _swap(
            "body: Text.",
            "body: |\n          # Head\n\n          See [x](javascript:alert(1)) and <b>bold</b>.",
        ),
        [
            "issue.yaml:11:11: sections[0].items[0].body: a heading ('#') cannot stand in a "
            "body; use a new item or **bold** text",
            "issue.yaml:13:19: sections[0].items[0].body: " + JS_LINK.format("alert(1)"),
            "issue.yaml:13:44: sections[0].items[0].body: " + RAW_HTML.format("<b>"),
            "issue.yaml:13:51: sections[0].items[0].body: " + RAW_HTML.format("</b>"),
        ],
    ),
    "a link found as written, before it was %-encoded": (
        _swap("body: Text.", "body: |\n          One.\n\n          A [x](javascript:日本)."),
        ["issue.yaml:13:17: sections[0].items[0].body: " + JS_LINK.format("日本")],
    ),
    "a link on the last line of the file": (
        _swap(
            "        body: Text.\n        source: APA, 2026-01-05\n",
            "        body: A [x](javascript:B).\n",
        ),
        ["issue.yaml:10:21: sections[0].items[0].body: " + JS_LINK.format("B")],
    ),
    "the same bad link twice on one line: once, at the first": (
        _swap("body: Text.", "body: A [x](javascript:B) and [y](javascript:B)."),
        ["issue.yaml:10:21: sections[0].items[0].body: " + JS_LINK.format("B")],
    ),
    "a link is looked for in its own body only, not in the lines after it": (
        _swap("body: Text.", 'body: "A [x](javascript:\\x41)."').replace(
            "source: APA, 2026-01-05", "source: {outlet: 'javascript:A', date: 2026-01-05}"
        ),
        ["issue.yaml:10:15: sections[0].items[0].body: " + JS_LINK.format("A")],
    ),
    "a file written as one flow mapping: HTML at the very start of a line": (
        "{briefout: 1, title: 週報, period: 2026-01-10..2026-01-23, issuer: 大使館,\n"
        'sections: [{title: 政治, items: [{ja: 見出し, en: Headline, body: "One.\n\n'
        '<b>x</b>"}]}]}\n',
        [
            "issue.yaml:4:1: sections[0].items[0].body: " + RAW_HTML.format("<b>"),
            "issue.yaml:4:5: sections[0].items[0].body: " + RAW_HTML.format("</b>"),
        ],
    ),
    "a link that is not in the file as written (an escape): its text line": (
        _swap("body: Text.", 'body: "One.\\n\\n  A [x](javascript:\\x41)."'),
        ["issue.yaml:10:15: sections[0].items[0].body: " + JS_LINK.format("A")],
    ),
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [pytest.param(raw, expected, id=name) for name, (raw, expected) in ENCODING.items()],
)
def test_encoding_faults_are_explained_at_the_byte(raw: bytes, expected: list[str]) -> None:
    assert _report(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(text, expected, id=name)
        for table in (CHARACTERS, SYNTAX, STRUCTURE, VALIDATION)
        for name, (text, expected) in table.items()
    ],
)
def test_each_fault_reads_exactly_so(text: str, expected: list[str]) -> None:
    assert _report(text.encode()) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nope.yaml", "{file}:1:1: no such file; check the path"),
        (".", "{file}:1:1: is a folder, not a file; give the path of a .yaml file"),
        (
            "bad.yaml",
            "{file}:1:11: the file is not valid UTF-8 (byte 0xFF; perhaps Shift_JIS or "
            f"Windows-1252); {SAVE_AS_UTF8}",
        ),
        (
            "plain.txt/issue.yaml",
            "{file}:1:1: cannot be read (Not a directory); check its permissions",
        ),
    ],
)
def test_a_file_that_cannot_be_read(tmp_path, name: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    (tmp_path / "bad.yaml").write_bytes(b"briefout: \xff\n")
    path = tmp_path / name
    with pytest.raises(UserError) as caught:
        load_issue(path)
    assert str(caught.value) == expected.format(file=path)
    assert len(caught.value.problems) == 1


def test_bytes_without_a_name_are_called_issue_and_a_loaded_issue_keeps_its_positions() -> None:
    with pytest.raises(UserError) as caught:
        load_issue_bytes(_swap("issuer:", "isuer:").encode())
    assert str(caught.value) == "<issue>:4:1: isuer: unknown key 'isuer'; did you mean 'issuer'?"
    issue = load_issue_bytes(MINI.encode(), "mini.yaml")
    assert str(problem_at(issue, ("sections", 0, "items", 0, "en"), "x")) == "mini.yaml:9:13: " + (
        "sections[0].items[0].en: x"
    )


def test_a_file_is_named_as_it_was_given(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "mini.yaml").write_text(_swap("issuer:", "isuer:"), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_issue("dir/mini.yaml")
    assert str(caught.value).startswith("dir/mini.yaml:4:1: isuer: unknown key")


def test_whitespace_pasted_from_elsewhere_is_what_it_is() -> None:
    issue = load_issue_bytes(_swap("en: Headline", 'en: "Head\\tline\\r\\nTwo"').encode())
    assert issue.sections[0].items[0].en == "Head line\nTwo"


def test_a_markup_problem_has_its_message_and_hint_apart() -> None:
    with pytest.raises(UserError) as caught:
        load_issue_bytes(_swap("body: Text.", "body: '# Head'").encode(), "issue.yaml")
    (problem,) = caught.value.problems
    assert (problem.message, problem.hint) == (
        "a heading ('#') cannot stand in a body",
        "use a new item or **bold** text",
    )
