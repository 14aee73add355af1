"""The one document timestamp every writer uses."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from briefout.errors import UserError
from briefout.model import Issue


def document_timestamp(issue: Issue, environ: Mapping[str, str] | None = None) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set, else midnight UTC of the period's last day."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            seconds = int(epoch)
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise UserError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since "
                "1970-01-01; set it to an integer such as 1767916800 or unset it"
            ) from None
    end = issue.period.end
    return dt.datetime(end.year, end.month, end.day, tzinfo=dt.UTC)
