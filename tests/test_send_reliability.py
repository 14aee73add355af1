"""`briefout send` with faults: batches, 452, retries, refusals, the journal, resume, --resend.

Every scenario runs against aiosmtpd on 127.0.0.1 (tests/smtpfaults.py) and ends with the
same check: every reader received exactly one copy, except those refused permanently, who
are reported.  Waits go through an injected sleep that only records (no test waits).
"""

from __future__ import annotations

import json
import os
import signal
import smtplib
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefout import send
from briefout.cli import app
from briefout.distribution import load_distribution
from briefout.errors import EXIT_INVALID, EXIT_NOT_ALL_SENT, EXIT_OK, UserError
from briefout.journal import journal_folder, lock
from briefout.send import AlreadySent, Pacing, deliver, prepare

from conftest import SAMPLE_FILES
from smtpfaults import Mailbox, serving

SENDER = "briefing@embassy.example"
READERS = [SENDER] + [f"reader{n:02}@example.org" for n in range(1, 36)]  # 36 in all
ISSUE = SAMPLE_FILES["minimal"]


class Clock:
    """An injected sleep that only advances a fake clock and records each wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(send, "PACING", Pacing(sleep=fake.sleep, clock=fake.clock))
    return fake


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    with serving(box) as port:
        yield box, port


def write_dist(
    folder: Path, port: int, smtp_extra: str = "", readers: list[str] = READERS, timeout: float = 5
) -> Path:
    path = folder / "dist.yaml"
    bcc = "".join(f"  - {address}\n" for address in readers[1:])
    path.write_text(
        f"from: 大使館 <{SENDER}>\nto: {readers[0]}\nbcc:\n{bcc}"
        f"smtp: {{host: 127.0.0.1, port: {port}, security: none, "
        f"timeout_s: {timeout}{smtp_extra}}}\n",
        encoding="utf-8",
    )
    return path


def run_send(dist: Path, *extra: str, issue: Path = ISSUE) -> Any:
    return CliRunner().invoke(app, ["send", str(issue), "--config", str(dist), *extra])


def journal_of(dist: Path) -> dict[str, Any]:
    files = sorted(journal_folder(dist).glob("*.json"))
    assert len(files) == 1, files
    return json.loads(files[0].read_text(encoding="utf-8"))


def assert_exactly_once(box: Mailbox, readers: list[str], refused: set[str] = frozenset()) -> None:
    """Each reader has one copy; the refused have none; nobody else got anything."""
    assert box.copies() == Counter({a: 1 for a in readers if a not in refused})


def assert_resume_completes(box: Mailbox, dist: Path, still: str) -> None:
    """Running send again serves the rest and says how many: then each reader has one copy."""
    resumed = run_send(dist)
    assert resumed.exit_code == EXIT_OK, resumed.output
    assert f"resuming: {still} readers still to serve" in resumed.stdout
    assert_exactly_once(box, READERS)


# ------------------------------------------------------------------ batches and 452


def test_a_server_limit_of_10_moves_the_rest_to_the_next_transactions(mailbox, tmp_path, clock):
    box, port = mailbox
    box.max_recipients = 10
    dist = write_dist(tmp_path, port)
    result = run_send(dist)
    assert result.exit_code == EXIT_OK, result.output
    assert_exactly_once(box, READERS)
    assert [len(e.rcpt_tos) for e in box.envelopes] == [10, 10, 10, 6]
    assert box.connections == 1  # one connection reused for every transaction
    assert clock.sleeps == []  # a 452 with progress needs no wait
    assert "transaction 1: 10 accepted, 26 moved to the next transaction" in result.output
    assert "the server takes 10 recipient(s) per message: batches of that size" in result.output
    assert box.rcpts == 36 + 10 + 10 + 6  # after the first 452s, batches of the server's size
    assert (
        "sent minimal.eml to 36 recipient(s) in 4 transaction(s) over 1 connection(s); "
        "36 of 36 readers served"
    ) in result.output
    journal = journal_of(dist)
    assert sorted(journal["served"]) == sorted(READERS) and journal["refused"] == {}
    assert journal["message_id"] == prepare(ISSUE, dist).message_id


@pytest.mark.parametrize("reply", ["452 4.5.3 Too many recipients", "552 Too many recipients"])
def test_a_long_list_behind_a_low_limit_is_served_whole(reply, mailbox, tmp_path, clock):
    """Readers far down the list are deferred by the limit, never counted as failing."""
    box, port = mailbox
    box.max_recipients, box.limit_reply = 10, reply  # 552: the RFC 821 code, read as 452
    readers = [SENDER] + [f"reader{n:03}@example.org" for n in range(1, 120)]
    dist = write_dist(tmp_path, port, ", max_recipients: 500", readers=readers)
    result = run_send(dist)
    assert result.exit_code == EXIT_OK, result.output
    assert [len(e.rcpt_tos) for e in box.envelopes] == [10] * 12
    assert box.connections == 1 and clock.sleeps == []
    assert_exactly_once(box, readers)


class CountingSMTP(smtplib.SMTP):
    """smtplib's client, counting its writes to the socket."""

    writes = 0

    def send(self, data: Any) -> None:
        CountingSMTP.writes += 1
        super().send(data)


@pytest.mark.parametrize("pipelining", [True, False], ids=["pipelined", "one-by-one"])
def test_pipelining_saves_a_round_trip_per_recipient(pipelining, mailbox, tmp_path, monkeypatch):
    box, port = mailbox
    box.max_recipients, box.pipelining = 50, pipelining
    readers = [SENDER] + [f"reader{n:03}@example.org" for n in range(1, 150)]
    dist = write_dist(tmp_path, port, ", max_recipients: 500", readers=readers)
    monkeypatch.setattr(CountingSMTP, "writes", 0)
    connect = lambda server: CountingSMTP(server.host, server.effective_port, timeout=5)  # noqa: E731
    sent = deliver(prepare(ISSUE, dist), connect=connect)
    assert sent.complete and sent.transactions == 3 and sent.connections == 1
    assert [len(e.rcpt_tos) for e in box.envelopes] == [50, 50, 50]
    assert_exactly_once(box, readers)
    # EHLO; per transaction the envelope (150 commands in two chunks, then 50 and 50), DATA
    # and the message; QUIT.  One by one: every MAIL FROM and RCPT TO is its own write.
    expected = 1 + (2 + 1 + 1) + 2 * (1 + 1 + 1) + 1 if pipelining else 1 + 3 + 250 + 6 + 1
    assert CountingSMTP.writes == expected


def test_max_recipients_cuts_the_batches(mailbox, tmp_path):
    box, port = mailbox
    dist = write_dist(tmp_path, port, ", max_recipients: 10")
    assert run_send(dist).exit_code == EXIT_OK
    assert [len(e.rcpt_tos) for e in box.envelopes] == [10, 10, 10, 6]
    assert box.connections == 1
    assert_exactly_once(box, READERS)


def test_rate_spaces_the_transactions(mailbox, tmp_path, clock):
    box, port = mailbox
    dist = write_dist(tmp_path, port, ", max_recipients: 10, rate: 6")  # one every 10 s
    assert run_send(dist).exit_code == EXIT_OK
    assert clock.sleeps == [10.0, 10.0, 10.0]
    assert_exactly_once(box, READERS)


# ------------------------------------------------------------------ temporary failures


def test_451_on_the_second_data_is_retried(mailbox, tmp_path, clock):
    box, port = mailbox
    box.data_replies = {2: "451 4.3.0 Temporary local problem"}
    dist = write_dist(tmp_path, port, ", max_recipients: 10")
    result = run_send(dist)
    assert result.exit_code == EXIT_OK, result.output
    assert clock.sleeps == [5.0]
    assert "temporary failure: 451 4.3.0 Temporary local problem; retrying in 5 s" in result.output
    assert box.datas == 5 and box.connections == 2
    assert_exactly_once(box, READERS)


def test_421_on_connect_is_retried(mailbox, tmp_path, clock):
    box, port = mailbox
    box.refuse_connections = 2
    dist = write_dist(tmp_path, port)
    result = run_send(dist)
    assert result.exit_code == EXIT_OK, result.output
    assert clock.sleeps == [5.0, 30.0]
    assert "421 4.3.2 Service not available" in result.output
    assert_exactly_once(box, READERS)


def test_a_timeout_is_retried(mailbox, tmp_path, clock):
    box, port = mailbox
    box.slow_data = {1: 2.0}  # answers after the client gave up; keeps nothing
    dist = write_dist(tmp_path, port, timeout=0.5)
    result = run_send(dist)
    assert result.exit_code == EXIT_OK, result.output
    assert "did not answer within 0.5 s" in result.output and clock.sleeps == [5.0]
    assert_exactly_once(box, READERS)


def test_a_dropped_connection_after_data_never_counts_as_served(mailbox, tmp_path, clock):
    box, port = mailbox
    box.drop_on_data = {2, 3, 4, 5}  # the second batch never gets its 250, four times
    dist = write_dist(tmp_path, port, ", max_recipients: 10")
    result = run_send(dist)
    assert result.exit_code == EXIT_NOT_ALL_SENT, result.output
    assert clock.sleeps == [5.0, 30.0, 120.0]
    assert "gave up after 4 attempts: " in result.output and "127.0.0.1:" in result.output
    assert (
        "not served yet: 26 reader(s): reader10@example.org, reader11@example.org, "
        "reader12@example.org, "
    ) in result.stderr
    assert "reader19@example.org and 16 more (--format json lists all)" in result.stderr
    journal = journal_of(dist)
    assert sorted(journal["served"]) == sorted(READERS[:10])  # only what the server accepted
    assert_exactly_once(box, READERS[:10])
    assert_resume_completes(box, dist, "26 of 36")


def test_temporary_failures_that_last_stop_with_everyone_pending(mailbox, tmp_path, clock):
    box, port = mailbox
    box.data_replies = {n: "451 4.7.1 Try again later" for n in range(1, 5)}
    dist = write_dist(tmp_path, port)
    result = run_send(dist, "--format", "json")
    assert result.exit_code == EXIT_NOT_ALL_SENT
    report = json.loads(result.stdout)
    assert report["status"] == "incomplete" and report["served_now"] == []
    assert len(report["pending"]) == 36 and report["transactions"] == 4
    assert report["stopped"] == "gave up after 4 attempts: 451 4.7.1 Try again later"
    assert journal_of(dist)["served"] == {}
    assert box.envelopes == []


def test_a_recipient_deferred_every_time_stays_pending(mailbox, tmp_path, clock):
    box, port = mailbox
    box.refuse = {"reader05@example.org": "450 4.2.1 Mailbox busy"}
    dist = write_dist(tmp_path, port, ", max_recipients: 10")
    result = run_send(dist)
    assert result.exit_code == EXIT_NOT_ALL_SENT, result.output
    assert (
        "not served yet (450 4.2.1 Mailbox busy (4 tries)): 1 reader(s): reader05@example.org"
    ) in result.stderr
    assert_exactly_once(box, READERS, refused={"reader05@example.org"})
    box.refuse = {}
    assert_resume_completes(box, dist, "1 of 36")


# ------------------------------------------------------------------ permanent refusals


def test_permanent_refusals_are_reported_and_never_retried(mailbox, tmp_path, clock):
    box, port = mailbox
    refused = {"reader07@example.org", "reader30@example.org"}
    box.refuse = {a: f"550 5.1.1 <{a}>: Recipient address rejected" for a in refused}
    dist = write_dist(tmp_path, port, ", max_recipients: 10")
    result = run_send(dist)
    assert result.exit_code == EXIT_NOT_ALL_SENT, result.output
    assert (
        "refused permanently: reader07@example.org: 550 5.1.1 <reader07@example.org>: "
        "Recipient address rejected"
    ) in result.stderr
    assert "34 of 36 readers served" in result.stdout
    assert clock.sleeps == []
    assert_exactly_once(box, READERS, refused)
    assert set(journal_of(dist)["refused"]) == refused

    again = run_send(dist)  # nothing left to send: the refused are not tried again
    assert again.exit_code == EXIT_NOT_ALL_SENT
    assert "nothing left to send: 34 of 36 readers were served" in again.stderr
    assert "refused permanently: reader30@example.org: 550" in again.stderr
    assert box.mails == 4  # no new transaction

    fixed = [a.replace("reader07@", "reader07.fixed@") for a in READERS]
    write_dist(tmp_path, port, ", max_recipients: 10", readers=fixed)  # the editor corrects one
    corrected = run_send(dist)
    assert corrected.exit_code == EXIT_NOT_ALL_SENT  # reader30 is still refused
    assert "resuming: 1 of 36 readers still to serve" in corrected.stdout
    assert box.copies()["reader07.fixed@example.org"] == 1 and len(box.envelopes) == 5


def test_a_refused_message_stops_at_once(mailbox, tmp_path, clock):
    box, port = mailbox
    box.data_replies = {2: "554 5.7.1 Message rejected as spam"}
    dist = write_dist(tmp_path, port, ", max_recipients: 10")
    result = run_send(dist)
    assert result.exit_code == EXIT_NOT_ALL_SENT
    assert "stopped: the server refused the message: 554 5.7.1 Message rejected as spam" in (
        result.stderr
    )
    assert clock.sleeps == [] and box.datas == 2
    assert sorted(journal_of(dist)["served"]) == sorted(READERS[:10])


# ------------------------------------------------------------------ twice, resend, a change


def test_a_second_send_sends_nothing_and_resend_sends_again(mailbox, tmp_path):
    box, port = mailbox
    dist = write_dist(tmp_path, port)
    assert run_send(dist).exit_code == EXIT_OK
    again = run_send(dist)
    assert again.exit_code == EXIT_INVALID
    assert "already sent to all 36 readers on 20" in again.stderr
    assert "use --resend to send it again" in again.stderr
    assert_exactly_once(box, READERS)
    as_json = run_send(dist, "--format", "json")
    assert as_json.exit_code == EXIT_INVALID
    assert json.loads(as_json.stdout)["status"] == "already_sent"

    resent = run_send(dist, "--resend")
    assert resent.exit_code == EXIT_OK, resent.output
    assert box.copies() == Counter({a: 2 for a in READERS})
    journal = journal_of(dist)
    assert len(journal["runs"]) == 2 and journal["runs"][1]["resend"] is True
    assert journal["previous_rounds"][0]["served"] == 36


def test_a_changed_issue_is_a_new_message_for_everyone(mailbox, tmp_path):
    box, port = mailbox
    dist = write_dist(tmp_path, port)
    assert run_send(dist).exit_code == EXIT_OK
    changed = tmp_path / "minimal.yaml"
    changed.write_text(
        ISSUE.read_text(encoding="utf-8").replace("516 people", "517 people", 1), "utf-8"
    )
    assert changed.read_text(encoding="utf-8") != ISSUE.read_text(encoding="utf-8")
    result = run_send(dist, issue=changed)
    assert result.exit_code == EXIT_OK, result.output
    assert "resuming" not in result.output
    ids = {e.original_content.split(b"Message-ID: ")[1].split(b"\r\n")[0] for e in box.envelopes}
    assert len(ids) == 2 and len(list(journal_folder(dist).glob("*.json"))) == 2
    assert box.copies() == Counter({a: 2 for a in READERS})


def test_an_address_added_later_is_the_only_one_served(mailbox, tmp_path):
    box, port = mailbox
    dist = write_dist(tmp_path, port, readers=READERS[:-1])
    assert run_send(dist).exit_code == EXIT_OK
    write_dist(tmp_path, port, readers=[*READERS[:-1], READERS[-1].upper()])
    result = run_send(dist)
    assert "resuming: 1 of 36 readers still to serve" in result.output
    assert box.copies()[READERS[-1].upper()] == 1 and len(box.envelopes) == 2


def test_dry_run_shows_the_batches_and_what_the_journal_skips(mailbox, tmp_path):
    box, port = mailbox
    box.refuse = {"reader02@example.org": "550 5.1.1 No such user"}
    box.data_replies = {2: "554 5.3.4 Stop here"}
    dist = write_dist(tmp_path, port, ", max_recipients: 10")
    run_send(dist)
    dry = run_send(dist, "--dry-run")
    assert dry.exit_code == EXIT_OK, dry.output
    out = dry.stdout
    assert f"journal: {journal_folder(dist)}" in out
    assert "skipped: 9 of 36 readers already served (last on 20" in out  # 10 offered, 1 refused
    assert "skipped: reader02@example.org was refused permanently: 550 5.1.1 No such user" in out
    assert "to send: 26 of 36 readers in 3 transaction(s) of at most 10" in out
    assert "  batch 1: 10 recipient(s): reader10@example.org … reader19@example.org" in out
    assert "  batch 3: 6 recipient(s): reader30@example.org … reader35@example.org" in out
    as_json = json.loads(run_send(dist, "--dry-run", "--format", "json").stdout)
    assert as_json["dry_run"] and [len(b) for b in as_json["batches"]] == [10, 10, 6]
    assert as_json["skipped_refused"][0]["address"] == "reader02@example.org"
    everyone = run_send(dist, "--dry-run", "--resend").stdout
    assert "to send: 36 of 36 readers in 4 transaction(s)" in everyone
    assert box.mails == 2  # the dry runs sent nothing


def test_a_damaged_journal_is_a_clear_error(mailbox, tmp_path):
    box, port = mailbox
    dist = write_dist(tmp_path, port)
    assert run_send(dist).exit_code == EXIT_OK
    path = next(journal_folder(dist).glob("*.json"))
    path.write_text('{"journal": 1, "message_id": 5}', encoding="utf-8")
    result = run_send(dist)
    assert result.exit_code == EXIT_INVALID
    assert f"the send journal {path} is damaged" in result.stderr
    assert "Traceback" not in result.output and len(box.envelopes) == 1


def test_a_second_concurrent_send_is_refused(mailbox, tmp_path):
    box, port = mailbox
    prepared = prepare(ISSUE, write_dist(tmp_path, port))
    running = "another `briefout send` of this message is running"
    with lock(prepared.journal_dir, prepared.message_id), pytest.raises(UserError, match=running):
        deliver(prepared)
    assert box.envelopes == []


# ------------------------------------------------------------------ interruptions and crashes


def test_an_interruption_between_transactions_loses_nothing(mailbox, tmp_path):
    box, port = mailbox
    prepared = prepare(ISSUE, write_dist(tmp_path, port, ", max_recipients: 10"))

    def interrupt_after_two(line: str) -> None:
        if line.startswith("transaction 2:"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        deliver(prepared, progress=interrupt_after_two)
    assert_exactly_once(box, READERS[:20])
    lines: list[str] = []
    sent = deliver(prepared, progress=lines.append)
    assert "resuming: 16 of 36 readers still to serve (20 served, last on 20" in lines[0]
    assert sent.complete and sent.served_before == 20 and len(sent.accepted) == 16
    assert_exactly_once(box, READERS)
    with pytest.raises(AlreadySent):
        deliver(prepared)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "crash"])
def test_a_real_process_stopped_between_transactions_resumes(how, mailbox, tmp_path):
    """The client process gets SIGINT or SIGKILL while the third transaction starts."""
    box, port = mailbox
    dist = write_dist(tmp_path, port, ", max_recipients: 10")
    children: list[subprocess.Popen[str]] = []

    def stop_client(mails: int) -> None:
        if mails == 3:
            os.kill(children[0].pid, how)

    box.on_mail = stop_client
    command = [sys.executable, "-m", "briefout", "send", str(ISSUE), "--config", str(dist)]
    children.append(
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    )
    _, stderr = children[0].communicate(timeout=120)
    if how == signal.SIGINT:
        assert children[0].returncode == 130, stderr
        assert "interrupted: the journal in" in stderr and "run the same command again" in stderr
    else:
        assert children[0].returncode == -signal.SIGKILL
    assert_exactly_once(box, READERS[:20])
    assert sorted(journal_of(dist)["served"]) == sorted(READERS[:20])
    box.on_mail = None
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == EXIT_OK, resumed.stderr
    assert "resuming: 16 of 36 readers still to serve" in resumed.stdout
    assert_exactly_once(box, READERS)


# ------------------------------------------------------------------ the distribution file


def test_recipients_differing_only_in_case_get_one_copy(tmp_path):
    dist = write_dist(tmp_path, 25, readers=[SENDER, "Reader@Example.org", "reader@example.org"])
    assert load_distribution(dist).recipients() == [SENDER, "Reader@Example.org"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [(", max_recipients: 0", "max_recipients"), (", rate: 0", "rate")],
)
def test_bad_batch_settings_are_refused_with_their_position(extra, message, tmp_path):
    dist = write_dist(tmp_path, 25, extra)
    result = run_send(dist, "--dry-run")
    assert result.exit_code == EXIT_INVALID
    assert f"{dist}:" in result.stderr and message in result.stderr


def test_a_file_where_the_journal_folder_goes_is_named_plainly(tmp_path: Path) -> None:
    folder = journal_folder(tmp_path / "dist.yaml")
    folder.write_text("not a folder", encoding="utf-8")
    with pytest.raises(UserError) as caught, lock(folder, "<briefout.1@example.org>"):
        pass
    assert f"{folder} is a file, not a folder" in str(caught.value)
    assert folder.read_text(encoding="utf-8") == "not a folder"
