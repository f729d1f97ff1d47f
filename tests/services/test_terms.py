"""Reading contracts' effective-dated terms for some contracts gives what reading all does."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import delete

from app.models import ContractTerm
from app.models.queries import session_rows
from app.services.clients import add_client
from app.services.contracts import add_contract, edit_contract
from app.services.ledger_reads import read_terms
from app.services.terms import load_terms
from tests.conftest import NOW


def test_terms_of_some_contracts_are_those_contracts_terms_from_all(db):
    add_client(db, "Acme", now=NOW)
    ids = [
        add_contract(db, f"C{n}", client="Acme", hourly_rate=Decimal(40 + n), now=NOW).id
        for n in range(4)
    ]
    later = NOW + timedelta(days=9)
    edit_contract(db, ids[1], hourly_rate=Decimal("95"), effective_from=later, now=later)
    edit_contract(db, ids[1], rounding_seconds=900, effective_from=later, now=later)
    with db.write() as session:  # a contract written without term rows (a bulk import)
        session.execute(delete(ContractTerm).where(ContractTerm.contract_id == ids[2]))
    with db.read() as session:
        rows = session_rows(session)
        every = read_terms(rows)
        for wanted in ([ids[1]], [ids[2]], [ids[0], ids[3]], ids, []):
            assert read_terms(rows, wanted) == {cid: every[cid] for cid in wanted}
        assert read_terms(rows, [10_000]) == {}  # a contract that is not there has none
    assert [terms.rate for terms in every[ids[1]]] == [Decimal("41"), Decimal("95")]
    assert every[ids[1]][-1].rounding_seconds == 900
    assert len(every[ids[2]]) == 1 and every[ids[2]][0].rate == Decimal("42")
    with db.read() as session:
        assert load_terms(session, [ids[1]]) == {ids[1]: every[ids[1]]}
        assert load_terms(session) == every
