"""The names the importers answer to, kept apart so the command line can list them cheaply."""

from __future__ import annotations

#: Every format the contract names, in the order `--help` lists them.
FORMATS = ("toggl", "clockify", "harvest", "watson", "timewarrior", "kimai", "upwork")

#: Date formats a user can name with `--date-format`, and how each is read.
DATE_FORMATS = {
    "YYYY-MM-DD": "%Y-%m-%d",
    "MM/DD/YYYY": "%m/%d/%Y",
    "DD/MM/YYYY": "%d/%m/%Y",
    "DD.MM.YYYY": "%d.%m.%Y",
    "DD-MM-YYYY": "%d-%m-%Y",
}
