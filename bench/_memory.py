"""Peak memory of the calling process."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_mb() -> float:
    """This process's peak resident memory in MB: VmHWM from /proc on Linux, which belongs
    to the running program alone (getrusage's ru_maxrss keeps the peak of the process
    image before exec, so a worker started by a big parent would report the parent's)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
