"""Small helpers for benchmarks: time a callable several times and print the median."""
import statistics
import time


def measure(label: str, action, *, repeat: int = 5, unit: str = "ms") -> float:
    """Run `action` `repeat` times; print and return the median in `unit` (ms or s)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    value = median * 1000 if unit == "ms" else median
    print(f"   {label}: median {value:,.1f} {unit} over {repeat} runs (min {min(times) * (1000 if unit == 'ms' else 1):,.1f})")
    return value
