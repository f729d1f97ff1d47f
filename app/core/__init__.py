"""Pure domain code: money, time, fees and billing. Imports neither Qt nor a database."""
