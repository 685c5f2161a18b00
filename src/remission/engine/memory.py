"""Sizes checked before work: a request whose tables cannot fit in this machine's memory is
refused up front with the limit in the message, instead of a ``MemoryError`` minutes later."""

from __future__ import annotations

import os

from remission.errors import RemissionError

#: Bytes of host memory per cell of a trial table (float64/int64 columns, pandas overhead).
BYTES_PER_VALUE = 8


def available_memory() -> int:
    """Bytes of memory this process can still use: ``MemAvailable`` (Linux), bounded by a cgroup
    limit where one is set; the physical memory elsewhere."""
    avail = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    if avail is None:
        try:
            avail = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):  # pragma: no cover - exotic platforms
            avail = 8 << 30
    for cg in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = open(cg).read().strip()
        except OSError:
            continue
        if text.isdigit():
            avail = min(avail, int(text))
    return int(avail)


def gib(n: float) -> str:
    """``n`` bytes as a short human figure ("7.3 TiB", "512 MiB")."""
    for unit, scale in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20)):
        if n >= scale:
            return f"{n / scale:,.3g} {unit}"
    return f"{n / 1024:.3g} KiB"


def check_memory(nbytes: float, what: str, hint: str = "") -> None:
    """Refuse ``what`` when it needs more than the memory available (a RemissionError stating
    both figures and, with ``hint``, what to do instead)."""
    limit = available_memory()
    if nbytes > limit:
        raise RemissionError(f"{what} needs about {gib(nbytes)} of memory; this machine has "
                             f"{gib(limit)} available" + (f"; {hint}" if hint else ""))
