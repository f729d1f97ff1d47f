"""The document commands end to end: timesheet and invoice PDFs, their status, CSV exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.reports.helpers import GREEK_MEMO, MARKUP_MEMO, pdf_text


@pytest.fixture
def ready(th):
    """The smoke test's contract with two entries in 2026-W10 (2.50 h at 60.00)."""
    for args in (
        ("config", "set", "name", "Sam Rivera"),
        ("config", "set", "address", "1 Main Street"),
        ("client", "add", "Sample Co"),
        (
            "contract",
            "add",
            "Sample job",
            "--client",
            "Sample Co",
            "--hourly",
            "60",
            "--platform",
            "upwork",
        ),
        (
            "log",
            "Sample job",
            "--from",
            "2026-03-02T09:00:00Z",
            "--to",
            "2026-03-02T11:00:00Z",
            "--memo",
            MARKUP_MEMO,
        ),
        (
            "log",
            "Sample job",
            "--from",
            "2026-03-03T10:00:00Z",
            "--to",
            "2026-03-03T10:30:00Z",
            "--memo",
            GREEK_MEMO,
        ),
    ):
        code, _, err = th(*args)
        assert code == 0, err
    return th


def refused(result: tuple[int, str, str], message: str) -> None:
    code, out, err = result
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_timesheet_writes_the_pdf(ready, tmp_path):
    out = tmp_path / "t.pdf"
    code, text, err = ready("timesheet", "sample job", "--week", "2026-W10", "--out", str(out))
    assert code == 0, err
    assert "wrote timesheet TS-1-2026-W10 (draft, 1 page, 2.50 billable hours, 150.00 USD" in text
    printed = pdf_text(out)
    assert MARKUP_MEMO in printed and GREEK_MEMO in printed and "Amount due 150.00 USD" in printed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("No such job", "--week", "2026-W10"), "no contract named"),
        (("Sample job", "--week", "2026-W99"), "has no week 99"),
        (("Sample job", "--week", "last week"), "week must look like"),
    ],
)
def test_timesheet_bad_input_exits_2_and_writes_nothing(ready, tmp_path, args, message):
    out = tmp_path / "t.pdf"
    refused(ready("timesheet", *args, "--out", str(out)), message)
    assert not out.exists()


def test_timesheet_to_a_missing_folder_is_refused(ready, tmp_path):
    refused(
        ready(
            "timesheet", "Sample job", "--week", "2026-W10", "--out", str(tmp_path / "no" / "t.pdf")
        ),
        "does not exist",
    )


def test_invoice_is_issued_by_default_and_numbered(ready, tmp_path):
    out = tmp_path / "i.pdf"
    code, text, err = ready(
        "invoice", "Sample job", "--week", "2026-W10", "--out", str(out), "--tax-rate", "20"
    )
    assert code == 0, err
    assert "wrote invoice INV-" in text and "(issued, 2 lines, total 180.00 USD)" in text
    assert err == ""  # the profile is set: nothing to warn about
    assert "Total (USD) 180.00" in pdf_text(out)
    code, listing, _ = ready("invoices", "list", "--json")
    [row] = json.loads(listing)["invoices"]
    assert (row["status"], row["subtotal"], row["tax"], row["total"]) == (
        "issued",
        "150.00",
        "30.00",
        "180.00",
    )
    # The same week again is refused: no second invoice, no file.
    again = tmp_path / "again.pdf"
    refused(
        ready("invoice", "Sample job", "--week", "2026-W10", "--out", str(again)), "already billed"
    )
    assert not again.exists()


def test_invoice_draft_then_issue_pay_and_reprint(ready, tmp_path):
    code, text, err = ready(
        "invoice",
        "Sample job",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--out",
        str(tmp_path / "d.pdf"),
        "--draft",
        "--group-by",
        "memo",
    )
    assert code == 0, err
    assert "wrote invoice draft #1 (draft" in text
    assert "DRAFT" in pdf_text(tmp_path / "d.pdf")
    code, text, _ = ready("invoices", "issue", "1", "--date", "2026-04-01")
    assert text.strip() == "invoice INV-2026-0001: issued"
    assert (
        ready("invoices", "pay", "INV-2026-0001", "--on", "2026-04-10")[1].strip()
        == "invoice INV-2026-0001: paid"
    )
    code, shown, _ = ready("invoices", "show", "INV-2026-0001")
    document = json.loads(shown)
    assert (document["paid_on"], document["due_date"]) == ("2026-04-10", "2026-04-15")
    assert [line["description"] for line in document["lines"]] == [MARKUP_MEMO, GREEK_MEMO]
    assert ready("invoices", "pdf", "INV-2026-0001", "--out", str(tmp_path / "p.pdf"))[0] == 0
    assert "PAID on Fri 10 Apr 2026" in pdf_text(tmp_path / "p.pdf")
    assert ready("invoices", "unpay", "INV-2026-0001")[1].strip() == "invoice INV-2026-0001: issued"
    assert json.loads(ready("invoices", "show", "INV-2026-0001")[1])["paid_on"] is None
    refused(ready("invoices", "unpay", "INV-2026-0001"), "must be paid to be marked unpaid")
    assert ready("invoices", "pay", "INV-2026-0001", "--on", "2026-04-10")[0] == 0
    refused(ready("invoices", "void", "INV-2026-0001"), "must be issued to be voided")


def test_void_keeps_the_number_and_delete_only_drafts(ready, tmp_path):
    assert (
        ready("invoice", "Sample job", "--week", "2026-W10", "--out", str(tmp_path / "i.pdf"))[0]
        == 0
    )
    refused(ready("invoices", "delete", "INV-2026-0001"), "only drafts can be deleted")
    assert ready("invoices", "void", "INV-2026-0001")[1].strip() == "invoice INV-2026-0001: void"
    code, listing, _ = ready("invoices", "list")
    assert "INV-2026-0001" in listing and "void" in listing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--week", "2026-W10", "--out", "{tmp}/no/i.pdf"), "does not exist"),
        (("--from", "2026-03-01", "--out", "{tmp}/i.pdf"), "--from needs --to"),
        (
            ("--week", "2026-W10", "--to", "2026-03-09", "--out", "{tmp}/i.pdf"),
            "--to goes with --from",
        ),
        (
            ("--from", "2026-03-09", "--to", "2026-03-01", "--out", "{tmp}/i.pdf"),
            "must not be before",
        ),
        (("--week", "2026-W10", "--tax-rate", "120", "--out", "{tmp}/i.pdf"), "between 0 and 100"),
        (("--week", "2026-W11", "--out", "{tmp}/i.pdf"), "no billable time"),
        (("--milestone", "7", "--out", "{tmp}/i.pdf"), "no milestone #7"),
    ],
)
def test_invoice_bad_input_exits_2_and_stores_nothing(ready, tmp_path, args, message):
    refused(ready("invoice", "Sample job", *(a.format(tmp=tmp_path) for a in args)), message)
    assert not list(tmp_path.rglob("*.pdf"))
    assert json.loads(ready("invoices", "list", "--json")[1]) == {"invoices": []}


def test_invoice_needs_a_source(ready, tmp_path):
    code, _, err = ready("invoice", "Sample job", "--out", str(tmp_path / "i.pdf"))
    assert code == 2 and "one of the arguments --week --from --milestone is required" in err


def test_sheet_status_approve_locks_and_unlock(ready):
    code, out, _ = ready("sheet", "status", "Sample job", "--week", "2026-W10", "--json")
    assert json.loads(out)["status"] == "draft"
    assert "sent" in ready("sheet", "sent", "Sample job", "--week", "2026-W10")[1]
    code, out, _ = ready(
        "sheet", "approve", "Sample job", "--week", "2026-W10", "--note", "OK, thanks"
    )
    assert (
        out.strip() == "timesheet TS-1-2026-W10 (Sample job): approved, locked — client: OK, thanks"
    )
    refused(ready("entry", "edit", "1", "--memo", "sneaky"), "locked")
    assert "sent" in ready("sheet", "unlock", "Sample job", "--week", "2026-W10")[1]
    assert ready("entry", "edit", "1", "--memo", "fixed")[0] == 0
    code, out, _ = ready("sheet", "list", "--json")
    assert [(s["week"], s["status"], s["locked"]) for s in json.loads(out)["timesheets"]] == [
        ("2026-W10", "sent", False)
    ]


def test_sheet_approve_works_without_sending_first(ready):
    code, out, err = ready(
        "sheet", "approve", "Sample job", "--week", "2026-W10", "--note", "paper"
    )
    assert code == 0, err
    assert "approved, locked" in out
    refused(ready("entry", "edit", "1", "--memo", "sneaky"), "locked")


def test_sheet_dispute_works_on_a_written_draft_and_unlock_keeps_it_unsent(ready):
    code, out, err = ready(
        "sheet", "dispute", "Sample job", "--week", "2026-W10", "--note", "Tuesday?"
    )
    assert code == 0, err
    assert "disputed — client: Tuesday?" in out
    assert ready("sheet", "approve", "Sample job", "--week", "2026-W10")[0] == 0
    assert "draft" in ready("sheet", "unlock", "Sample job", "--week", "2026-W10")[1]
    code, out, _ = ready("sheet", "status", "Sample job", "--week", "2026-W10", "--json")
    assert (json.loads(out)["status"], json.loads(out)["sent_at"]) == ("draft", None)


def test_sheet_dispute_needs_a_note(ready):
    ready("sheet", "sent", "Sample job", "--week", "2026-W10")
    code, _, err = ready("sheet", "dispute", "Sample job", "--week", "2026-W10")
    assert code == 2 and "--note" in err
    code, out, _ = ready(
        "sheet", "dispute", "Sample job", "--week", "2026-W10", "--note", "Tuesday?"
    )
    assert "disputed — client: Tuesday?" in out


def test_export_entries_and_invoices_as_csv(ready, tmp_path):
    code, out, err = ready(
        "export",
        "entries",
        "--out",
        str(tmp_path / "e.csv"),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-02",
    )
    assert code == 0, err
    assert out.strip() == f"exported 1 entries to {tmp_path / 'e.csv'}"
    with open(tmp_path / "e.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["id", "contract", "client", "billing_week", "start"]
    assert rows[1][4:6] == ["2026-03-02T09:00:00+00:00", "2026-03-02T11:00:00+00:00"]
    assert rows[1][-1] == MARKUP_MEMO
    ready("invoice", "Sample job", "--week", "2026-W10", "--out", str(tmp_path / "i.pdf"))
    assert ready("export", "invoices", "--out", str(tmp_path / "i.csv"))[0] == 0
    text = Path(tmp_path / "i.csv").read_text(encoding="utf-8")
    assert text.startswith("number,status,contract") and "INV-" in text and "150.00" in text
    refused(ready("export", "entries", "--out", str(tmp_path / "no" / "e.csv")), "does not exist")
