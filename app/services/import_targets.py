"""Which contract an imported record belongs to: mapped, found by title, or created."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import UserError
from app.core.fees import PLATFORM_SCHEDULES
from app.core.money import ZERO, check_amount, check_currency, to_cents
from app.core.text import clean_name, quoted
from app.models import Client, Contract, ContractSchedule
from app.services.lookup import name_key

#: The instant from which a created contract's first schedule applies ("since always").
SINCE_ALWAYS = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Mapping:
    """How the user wants projects read: `--map "Project=Contract"`, `--client`, `--rate`."""

    contracts: dict[str, str] = field(default_factory=dict)
    client: str | None = None
    rate: Decimal | None = None

    @classmethod
    def from_pairs(
        cls, pairs: list[str], *, client: str | None = None, rate: Decimal | None = None
    ) -> Mapping:
        """Read `Project=Contract` pairs (the project's case does not matter)."""
        contracts: dict[str, str] = {}
        for pair in pairs:
            project, sep, contract = pair.partition("=")
            if not sep or not project.strip() or not contract.strip():
                raise UserError(f'--map must look like "Project=Contract", not {quoted(pair, 60)}')
            contracts[name_key(project)] = contract.strip()
        if rate is not None:
            rate = check_amount(rate, what="--rate")
        return cls(contracts, client, rate)


@dataclass(frozen=True)
class Target:
    """The contract a project resolved to."""

    contract_id: int
    title: str
    status: str


@dataclass
class Targets:
    """Projects resolved to contracts in one import, creating what is missing."""

    session: Session
    mapping: Mapping
    platform: str
    now: datetime
    clients_added: list[str] = field(default_factory=list)
    contracts_added: list[str] = field(default_factory=list)
    _cache: dict[tuple[str, ...], Target] = field(default_factory=dict)
    _titles: set[str] | None = None

    def names_contract(self, project: str) -> bool:
        """Whether a project name is mapped or is the title of an existing contract."""
        key = name_key(project)
        if self._titles is None:
            self._titles = set(self.session.scalars(select(Contract.title_key)))
        return key in self.mapping.contracts or key in self._titles

    def resolve(
        self,
        projects: tuple[str, ...],
        client: str,
        *,
        kind: str = "hourly",
        rate: Decimal | None = None,
        currency: str | None = None,
    ) -> Target:
        """The contract for the first project that names one, else for the first project."""
        project = next((p for p in projects if self.names_contract(p)), projects[0])
        cache_key = (name_key(project), name_key(client) if client else "")
        if cache_key not in self._cache:
            self._cache[cache_key] = self._find_or_create(project, client, kind, rate, currency)
        return self._cache[cache_key]

    def _find_or_create(
        self, project: str, client: str, kind: str, rate: Decimal | None, currency: str | None
    ) -> Target:
        """An existing contract by (mapped) title, or a new one with its client."""
        title = clean_name(
            self.mapping.contracts.get(name_key(project), project), what="contract title"
        )
        found = self.session.scalars(
            select(Contract).where(Contract.title_key == name_key(title))
        ).first()
        if found is not None:
            return Target(found.id, found.title, found.status)
        owner = self._client(self.mapping.client or client or title)
        contract = Contract(
            client=owner,
            title=title,
            title_key=name_key(title),
            kind=kind,
            rate_cents=to_cents(rate if rate is not None else self.mapping.rate or ZERO),
            currency=check_currency(currency or "USD"),
            platform=self.platform,
            weekly_limit_seconds=None,
            rounding_seconds=0,
            status="active",
            started_on=self.now.date(),
            notes="Created by an import.",
            created_at=self.now,
        )
        contract.schedules.append(
            ContractSchedule(
                effective_from=SINCE_ALWAYS, schedule_name=PLATFORM_SCHEDULES[self.platform]
            )
        )
        self.session.add(contract)
        self.session.flush()
        self.contracts_added.append(title)
        if self._titles is not None:
            self._titles.add(contract.title_key)
        return Target(contract.id, title, contract.status)

    def _client(self, name: str) -> Client:
        """The client of this name, created when missing."""
        name = clean_name(name, what="client name")
        found = self.session.scalars(
            select(Client).where(Client.name_key == name_key(name))
        ).first()
        if found is not None:
            return found
        client = Client(
            name=name,
            name_key=name_key(name),
            email="",
            address="",
            notes="Created by an import.",
            opening_balance_cents=0,
            payment_verified=False,
            created_at=self.now,
        )
        self.session.add(client)
        self.session.flush()
        self.clients_added.append(name)
        return client
