"""User actions on clients: add, edit, list."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from app.core.clock import system_clock
from app.core.errors import Conflict
from app.core.money import ZERO, check_amount, check_currency, from_cents, to_cents
from app.core.text import clean_email, clean_name, clean_note, quoted
from app.models import Client
from app.models.database import Database
from app.services.lookup import find_client, name_key
from app.services.records import ClientInfo


def client_info(client: Client) -> ClientInfo:
    """The plain record of a client row."""
    return ClientInfo(
        id=client.id,
        name=client.name,
        email=client.email,
        address=client.address,
        notes=client.notes,
        opening_balance=from_cents(client.opening_balance_cents),
        payment_verified=client.payment_verified,
    )


def add_client(
    db: Database,
    name: str,
    *,
    billed_before: Decimal = ZERO,
    billed_before_currency: str = "USD",
    email: str = "",
    address: str = "",
    notes: str = "",
    payment_verified: bool = False,
    now: datetime | None = None,
) -> ClientInfo:
    """Add a client; `billed_before` is lifetime billings with them before Tallyhour."""
    name = clean_name(name, what="client name")
    billed_before = check_amount(billed_before, what="billings before Tallyhour")
    email, address, notes = (
        clean_email(email),
        clean_note(address, what="address"),
        clean_note(notes),
    )
    with db.write() as session:
        if session.scalars(select(Client).where(Client.name_key == name_key(name))).first():
            raise Conflict(f"a client named {quoted(name)} already exists")
        client = Client(
            name=name,
            name_key=name_key(name),
            email=email,
            address=address,
            notes=notes,
            opening_balance_cents=to_cents(billed_before),
            opening_balance_currency=check_currency(billed_before_currency),
            payment_verified=payment_verified,
            created_at=now or system_clock(),
        )
        session.add(client)
        session.flush()
        return client_info(client)


def edit_client(
    db: Database,
    ref: str | int,
    *,
    name: str | None = None,
    billed_before: Decimal | None = None,
    billed_before_currency: str | None = None,
    email: str | None = None,
    address: str | None = None,
    notes: str | None = None,
    payment_verified: bool | None = None,
) -> ClientInfo:
    """Change a client's details; arguments left as None stay as they are."""
    with db.write() as session:
        client = find_client(session, ref)
        if name is not None:
            name = clean_name(name, what="client name")
            clash = session.scalars(select(Client).where(Client.name_key == name_key(name))).first()
            if clash is not None and clash.id != client.id:
                raise Conflict(f"a client named {quoted(name)} already exists")
            client.name, client.name_key = name, name_key(name)
        if billed_before is not None:
            billed_before = check_amount(billed_before, what="billings before Tallyhour")
            client.opening_balance_cents = to_cents(billed_before)
        if billed_before_currency is not None:
            client.opening_balance_currency = check_currency(billed_before_currency)
        if email is not None:
            client.email = clean_email(email)
        if address is not None:
            client.address = clean_note(address, what="address")
        if notes is not None:
            client.notes = clean_note(notes)
        if payment_verified is not None:
            client.payment_verified = payment_verified
        return client_info(client)


def list_clients(db: Database) -> list[ClientInfo]:
    """All clients by name."""
    with db.read() as session:
        rows = session.scalars(select(Client).order_by(Client.name_key)).all()
        return [client_info(row) for row in rows]
