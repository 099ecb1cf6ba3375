"""The three soft checks, written once: what each flags and the limit it sets. The selectors
find the candidates in SQL (set-based) and every candidate is judged here.

- previous: above `previous_factor` × the unit's figure of the previous period (a unit with no
  figure then, or none at all — 0 tells nothing of its scale — is not judged by it);
- peers: above `peer_factor` × the median of the other units of the same kind and size band
  in the same period (fewer than `min_peers` of them: not judged by it);
- capacity: above the unit's members × `per_member` (× another figure of the same report, such
  as the sessions held, when the threshold names one).
A figure up to `floor` is never flagged by the first two (3 → 40 sessions is not a slip)."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from plans.models import Indicator
from plans.values import kind_of

PREVIOUS, PEERS, CAPACITY = "previous", "peers", "capacity"
CHECK_LABELS = {
    PREVIOUS: _("far above the unit's previous period"),
    PEERS: _("far above comparable units"),
    CAPACITY: _("more than the unit's members could give"),
}
CHECKED_KINDS = (Indicator.Kind.COUNT, Indicator.Kind.MONEY)

# Size bands by members: units are compared with units of the same kind and band.
SIZE_BANDS = (30, 100, 300, 1000)  # < 30, 30–99, 100–299, 300–999, ≥ 1000


def size_band(members: int) -> int:
    return sum(1 for edge in SIZE_BANDS if members >= edge)


@dataclass(frozen=True)
class Rule:
    """The thresholds in force for one indicator (a Threshold row, or the defaults)."""

    indicator_id: int
    floor: int = 0
    previous_factor: Decimal | None = None
    peer_factor: Decimal | None = None
    min_peers: int = 5
    per_member: Decimal | None = None
    times_id: int | None = None


# Sensible defaults: a slip of a key multiplies a figure by 10, 100 or 1000.
DEFAULTS = {
    Indicator.Kind.COUNT: dict(floor=100, previous_factor=Decimal(10), peer_factor=Decimal(10), min_peers=5),
    Indicator.Kind.MONEY: dict(floor=50_000_000, previous_factor=Decimal(10), peer_factor=Decimal(10), min_peers=5),
}
# What a unit's members can give, by indicator code: (per member, times the figure of).
# Participants and trainees are counted in person-times (lượt): a member may come to every
# session or course; welfare reaches a member a few times a half-year.
CAPACITY_DEFAULTS = {
    "NV1_PARTICIPANTS": (Decimal(1), "NV1_SESSIONS"),
    "NV4_TRAINEES": (Decimal(1), "NV4_COURSES"),
    "NV4_SCHOLARSHIPS": (Decimal(1), None),
    "NV3_COMMENDED_INDIVIDUALS": (Decimal(1), None),
    "NV5_BENEFICIARIES": (Decimal(3), None),
    "NV5_TET_GIFTS": (Decimal(1), None),
    "NV5_AMOUNT": (Decimal(5_000_000), None),  # ₫ per member: far above the plan's usual welfare
}


@dataclass(frozen=True)
class Broken:
    check: str
    limit: int  # the largest figure this check lets pass

    @property
    def label(self):
        return CHECK_LABELS[self.check]


@dataclass
class Finding:
    """A figure one or more checks flag, with what it was judged against."""

    report_id: int
    indicator_id: int
    value: int
    members: int
    previous: int | None
    median: Decimal | None
    peers: int
    broken: list[Broken] = field(default_factory=list)
    indicator: Indicator | None = None
    report: object = None
    confirmation: object = None  # the ConfirmedFigure, if the officer confirmed it as typed

    @property
    def limit(self) -> int:
        """The expected range is 0 to the lowest limit a check set."""
        return min(b.limit for b in self.broken)

    @property
    def checks(self) -> list[str]:
        return [b.check for b in self.broken]

    # Shown as every page shows figures (plans.values): 1.234.567, 1.234.567 ₫.
    def _show(self, number) -> str:
        return "—" if number is None else kind_of(self.indicator).display(_whole(number))

    @property
    def value_display(self) -> str:
        return self._show(self.value)

    @property
    def limit_display(self) -> str:
        return self._show(self.limit)

    @property
    def previous_display(self) -> str:
        return self._show(self.previous)

    @property
    def median_display(self) -> str:
        return self._show(self.median.to_integral_value() if self.median is not None else None)

    @property
    def reasons(self) -> list[tuple[str, str]]:
        """Each broken check with the largest figure it lets pass."""
        return [(b.label, self._show(b.limit)) for b in self.broken]


def _whole(number) -> int:
    return int(Decimal(number).to_integral_value(rounding="ROUND_FLOOR"))


def judge(*, rule: Rule, value, members: int, previous=None, median=None, peers: int = 0,
          times=None) -> list[Broken]:
    """The checks `value` breaks under `rule`. `times`: the figure `rule.times_id` names, in
    the same report (None: not given, so the capacity check cannot judge)."""
    if value is None:
        return []
    value = Decimal(value)
    broken = []
    if rule.previous_factor is not None and previous:
        limit = max(Decimal(rule.floor), rule.previous_factor * Decimal(previous))
        if value > limit:
            broken.append(Broken(PREVIOUS, _whole(limit)))
    if rule.peer_factor is not None and median is not None and peers >= rule.min_peers:
        limit = max(Decimal(rule.floor), rule.peer_factor * Decimal(median))
        if value > limit:
            broken.append(Broken(PEERS, _whole(limit)))
    if rule.per_member is not None and members > 0 and (rule.times_id is None or times is not None):
        limit = Decimal(members) * rule.per_member * (Decimal(times) if rule.times_id else 1)
        if value > limit:
            broken.append(Broken(CAPACITY, _whole(limit)))
    return broken
