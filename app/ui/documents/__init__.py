"""Timesheets and invoices in the window: their dialogs, PDFs and sending them by e-mail."""
