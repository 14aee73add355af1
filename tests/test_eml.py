"""The .eml writer: re-parsed with Python's email package, headers, parts, attachments."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import pytest

from briefout.distribution import Distribution, load_distribution
from briefout.errors import UserError
from briefout.model import Issue
from briefout.render import render_issue
from briefout.style import Style

from conftest import SAMPLE_FILES, outputs_across_time_zones

DIST_YAML = """\
from: 在アゼルバイジャン大使館 <briefing@embassy.example>
to: briefing@embassy.example
bcc: [reader1@example.org, reader2@example.org]
reply_to: press@embassy.example
list_unsubscribe:
  - mailto:unsubscribe@embassy.example?subject=unsubscribe
  - https://embassy.example/unsubscribe
"""


@pytest.fixture
def dist_file(tmp_path: Path) -> Path:
    path = tmp_path / "dist.yaml"
    path.write_text(DIST_YAML, encoding="utf-8")
    return path


def render_all(issue: Issue, style: Style, config: Path | Distribution, stem: str = "reference"):
    result = render_issue(
        issue,
        style,
        "eml,text,email,pdf,docx",
        stem=stem,
        environ={},
        options={"eml": {"config": config}},
    )
    return {output.writer: output for output in result.outputs}


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def test_structure_headers_and_attachments(reference_issue, style, dist_file) -> None:
    outputs = render_all(reference_issue, style, dist_file)
    eml = outputs["eml"]
    assert eml.filename == "reference.eml"
    message = parse(eml.data)
    assert not message.defects
    # multipart/mixed holding multipart/alternative (text, HTML) and the two attachments
    assert message.get_content_type() == "multipart/mixed"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == [
        "multipart/alternative",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    text, html = parts[0].iter_parts()
    assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    # the smallest safe encoding (tests/test_delivery.py): the HTML's lines are folded to fit
    # 998 octets, so it goes 8bit; the text's paragraphs are longer lines, so QP or base64
    assert html["Content-Transfer-Encoding"] == "8bit"
    assert text["Content-Transfer-Encoding"] in ("quoted-printable", "base64")
    for part in (text, html):
        assert part.get_content_charset() == "utf-8"
    # the same text and HTML as the text and email writers made (CRLF is MIME's line end)
    assert text.get_content().replace("\r\n", "\n").encode() == outputs["text"].data
    assert html.get_content().replace("\r\n", "\n").encode() == outputs["email"].data
    # attachments byte-identical with the PDF and DOCX of the same run
    attachments = {p.get_filename(): p.get_content() for p in message.iter_attachments()}
    assert attachments == {
        "reference.pdf": outputs["pdf"].data,
        "reference.docx": outputs["docx"].data,
    }
    for part in parts[1:]:
        assert part.get_content_disposition() == "attachment"
    # headers from the distribution config, subject from title and period
    assert message["From"].addresses[0].display_name == "在アゼルバイジャン大使館"
    assert message["From"].addresses[0].addr_spec == "briefing@embassy.example"
    assert str(message["To"]) == "briefing@embassy.example"
    assert str(message["Reply-To"]) == "press@embassy.example"
    assert "Bcc" not in message and b"reader1@example.org" not in eml.data
    assert str(message["List-Unsubscribe"]) == (  # https first (RFC 8058)
        "<https://embassy.example/unsubscribe>, "
        "<mailto:unsubscribe@embassy.example?subject=unsubscribe>"
    )
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    assert (
        str(message["Subject"]) == "アゼルバイジャン政治・治安情報（2025年12月27日～2026年1月9日）"
    )
    assert message["Date"].datetime == dt.datetime(2026, 1, 9, tzinfo=dt.UTC)
    assert str(message["Date"]) == "Fri, 09 Jan 2026 00:00:00 +0000"
    message_id = str(message["Message-ID"])
    assert message_id.startswith("<briefout.") and message_id.endswith("@embassy.example>")
    assert message["MIME-Version"] == "1.0"


def test_raw_form(reference_issue, style, dist_file) -> None:
    data = render_all(reference_issue, style, dist_file)["eml"].data
    head = data.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # RFC 2047 headers; bodies may be 8bit (sent with BODY=8BITMIME)
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line ends only
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 998
    head = head.decode("ascii")
    assert "Subject: =?utf-8?" in head  # RFC 2047
    assert "From: =?utf-8?" in head


def test_non_ascii_attachment_names_use_rfc2231(minimal_issue, style, dist_file) -> None:
    data = render_all(minimal_issue, style, dist_file, stem="アゼルバイジャン 情報")["eml"].data
    assert b"filename*" in data and b"utf-8''" in data
    names = [p.get_filename() for p in parse(data).iter_attachments()]
    assert names == ["アゼルバイジャン 情報.pdf", "アゼルバイジャン 情報.docx"]


def test_identical_bytes_across_time_zones(dist_file: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from briefout.loader import load_issue; "
        "from briefout.style import load_style; from briefout.render import render_issue; "
        f"r = render_issue(load_issue({str(SAMPLE_FILES['minimal'])!r}), load_style(), 'eml', "
        f"options={{'eml': {{'config': Path({str(dist_file)!r})}}}}); "
        "sys.stdout.buffer.write(r.outputs[0].data)"
    )
    outputs = outputs_across_time_zones(code, ("UTC", "Asia/Tokyo", "America/New_York"))
    assert len(outputs) == 1
    assert b"Date: Fri, 23 Jan 2026 00:00:00 +0000" in outputs.pop()


def test_source_date_epoch_sets_date(minimal_issue, style, dist_file) -> None:
    result = render_issue(
        minimal_issue,
        style,
        "eml",
        environ={"SOURCE_DATE_EPOCH": "1769212800"},
        options={"eml": {"config": dist_file}},
    )
    message = parse(result.outputs[0].data)
    assert str(message["Date"]) == "Sat, 24 Jan 2026 00:00:00 +0000"


def test_message_id_follows_content(minimal_issue, reference_issue, style, dist_file) -> None:
    ids = {
        str(parse(render_all(issue, style, dist_file)["eml"].data)["Message-ID"])
        for issue in (minimal_issue, reference_issue, minimal_issue)
    }
    assert len(ids) == 2


def test_eml_without_config_is_a_user_error(minimal_issue, style) -> None:
    with pytest.raises(UserError, match=r"--to eml needs --config dist\.yaml"):
        render_issue(minimal_issue, style, "eml")


def test_config_can_be_given_as_a_model(minimal_issue, style) -> None:
    dist = Distribution.model_validate({"from": "a@example.org", "to": ["b@example.org"]})
    message = parse(render_all(minimal_issue, style, dist)["eml"].data)
    assert str(message["From"]) == "a@example.org"
    assert "Reply-To" not in message and "List-Unsubscribe" not in message


def test_issue_text_cannot_add_headers(minimal_issue, style, dist_file) -> None:
    issue = minimal_issue.model_copy(
        update={"title": "Title\r\nBcc: victim@example.org\r\nX-Evil: 1"}
    )
    data = render_all(issue, style, dist_file)["eml"].data
    message = parse(data)
    assert "Bcc" not in message and "X-Evil" not in message
    assert str(message["Subject"]).startswith("Title Bcc: victim@example.org X-Evil: 1")


def test_issue_file_name_with_a_line_break_is_a_user_error(minimal_issue, style, dist_file):
    with pytest.raises(UserError, match="line break") as caught:
        render_all(minimal_issue, style, dist_file, stem="evil\r\nBcc: x@evil.example")
    assert "rename" in str(caught.value)


# ------------------------------------------------------------------ distribution file


def test_distribution_errors_have_positions(tmp_path: Path) -> None:
    path = tmp_path / "dist.yaml"
    path.write_text(
        "from: not an address\nto: [ok@example.org, 'two@x.org, three@y.org']\n"
        "list_unsubscribe: javascript:alert(1)\nsmtp: {host: h, security: ssl, port: 0}\n"
        "form: typo@example.org\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as caught:
        load_distribution(path)
    problems = {(p.line, p.path) for p in caught.value.problems}
    assert (1, "from") in problems
    assert (2, "to[1]") in problems
    assert (3, "list_unsubscribe") in problems or (3, "list_unsubscribe[0]") in problems
    assert (4, "smtp.security") in problems and (4, "smtp.port") in problems
    assert (5, "form") in problems
    assert all(p.file == str(path) for p in caught.value.problems)


def test_distribution_refuses_line_breaks_in_addresses() -> None:
    with pytest.raises(ValueError, match="line break"):
        Distribution.model_validate(
            {"from": "a@example.org\r\nBcc: x@example.org", "to": "b@example.org"}
        )


def test_distribution_defaults() -> None:
    dist = Distribution.model_validate(
        {
            "from": "Embassy <a@Example.ORG>",
            "to": "b@example.org",
            "bcc": ["c@example.org", "b@example.org"],
            "smtp": {"host": "smtp.example.org", "security": "tls"},
        }
    )
    assert dist.domain == "example.org"
    assert dist.recipients() == ["b@example.org", "c@example.org"]
    assert dist.smtp is not None and dist.smtp.effective_port == 465
    assert dist.smtp.password_env == "BRIEFOUT_SMTP_PASSWORD"


def test_subject_format_is_checked(minimal_issue, dist_file, tmp_path: Path) -> None:
    from briefout.style import load_style

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "style.yaml").write_text(
        "inherits: embassy\nwriters: {eml: {subject: '{title} #{number}'}}\n", encoding="utf-8"
    )
    with pytest.raises(UserError) as caught:
        render_all(minimal_issue, load_style(folder), dist_file)
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (2, "writers.eml.subject")
    assert "{number}" in problem.message
