"""Timesheet and invoice PDFs and CSV exports: data built by pure functions, then drawn.

Imports no Qt; the window and the command line both call it through the services.
"""
