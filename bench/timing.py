"""Small helpers for benchmarks: time a callable several times and print the median, and
keep every figure for the closing table of `make bench`."""
import statistics
import time
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    goal: str = ""
    met: bool | None = None


FIGURES: list[Figure] = []


def record(name: str, value: float, unit: str, *, below: float | None = None) -> float:
    """Keep a figure for the closing table; `below`: the goal it must stay under."""
    goal = "" if below is None else f"< {below:,g} {unit}"
    FIGURES.append(Figure(name, value, unit, goal, None if below is None else value < below))
    return value


def table() -> str:
    """Every figure of the run: name, value, goal, met or not."""
    width = max((len(f.name) for f in FIGURES), default=10)
    lines = [f"{'figure':<{width}}  {'value':>14}  {'goal':<16}  met", "-" * (width + 40)]
    for f in FIGURES:
        met = "—" if f.met is None else ("yes" if f.met else "NO")
        lines.append(f"{f.name:<{width}}  {f.value:>11,.1f} {f.unit:<2}  {f.goal:<16}  {met}")
    return "\n".join(lines)


def measure(label: str, action, *, repeat: int = 5, unit: str = "ms", below: float | None = None) -> float:
    """Run `action` `repeat` times; print and return the median in `unit` (ms or s)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    value = median * 1000 if unit == "ms" else median
    print(f"   {label}: median {value:,.1f} {unit} over {repeat} runs (min {min(times) * (1000 if unit == 'ms' else 1):,.1f})")
    return record(label, value, unit, below=below)
