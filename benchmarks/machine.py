"""One line describing the machine a benchmark ran on."""

from __future__ import annotations

import os
import platform
from typing import Any


def describe() -> str:
    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def data_keyring() -> Any:
    """The configured data key (BUTIE_DATA_KEY, or the development key file), as the app uses."""
    from web import config, keys

    return keys.keyring(config.load())


def load() -> str:
    """The 1-minute load average: on a shared machine, how much of it other jobs were using."""
    return f"{os.getloadavg()[0]:.1f}"
