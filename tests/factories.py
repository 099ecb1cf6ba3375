"""Test data built through the services, so that tests see what production sees."""
import datetime
import itertools

from accounts.models import Role, User
from unions.models import Kind, Level, Union
from unions.services import union_create

_codes = itertools.count(1)
DEFAULT_KIND = {Level.NATIONAL: Kind.CONFEDERATION, Level.PROVINCE: Kind.PROVINCE_FEDERATION, Level.UPPER: Kind.DISTRICT_FEDERATION,
                Level.GRASSROOTS: Kind.GRASSROOTS_AGENCY}
ROLE_FOR_LEVEL = {Level.PROVINCE: Role.POLICY_LAW_BOARD, Level.UPPER: Role.UPPER_OFFICER,
                  Level.GRASSROOTS: Role.GRASSROOTS_OFFICER}


def make_union(parent: Union | None = None, *, level: str | None = None, name: str | None = None,
               opened_on=datetime.date(2015, 1, 1), **fields) -> Union:
    if level is None:
        level = Level.PROVINCE if parent is None else {Level.PROVINCE: Level.UPPER, Level.UPPER: Level.GRASSROOTS}[parent.level]
    number = next(_codes)
    return union_create(
        parent=parent, code=fields.pop("code", f"U{number:05d}"), name=name or f"Công đoàn số {number}",
        level=level, kind=fields.pop("kind", DEFAULT_KIND[level]), opened_on=opened_on, **fields,
    )


def make_user(unit: Union, *, role: str | None = None, username: str | None = None, **fields) -> User:
    user = User.objects.create_user(
        username=username or f"user{next(_codes)}", password="secret-pass-1306",
        unit=unit, role=role or ROLE_FOR_LEVEL[unit.level], **fields,
    )
    return user
