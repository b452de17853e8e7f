"""Public-notice PDF: wall time, peak memory of the process tree, pages and size.

Target (2-core machine): 10,000 rows in at most 30 s and 400 MB. A single WeasyPrint render of
one big table measured 159 s and 1.41 GB, hence the planned pages, one-line grid rows and
worker processes of workflow/notices/render.py. Peak memory is the largest sum of the RSS of
this process and all its descendants, sampled every 100 ms from /proc.

    python benchmarks/notice_pdf.py [--rows 10000] [--rows 100] [--out notice.pdf]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import threading
import time
from datetime import date
from pathlib import Path

from pypdf import PdfReader

# The repository instead of this folder, whose queue.py would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks.machine import describe  # noqa: E402
from workflow.domain.identity import mask_id_number  # noqa: E402
from workflow.notices.render import (  # noqa: E402
    NoticeDocument,
    NoticeRow,
    fast_subsetting_available,
    render_notice,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗海虎"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂䶮𬭚"
TOWNS = ("白阳镇", "王洼镇", "古城镇", "红河镇", "新集乡", "城阳乡", "冯庄乡", "小岔乡",
         "孟塬乡", "罗洼乡", "交岔乡", "草庙乡")
CERTIFICATES = ("中式烹调师（四级）", "电工（五级）", "焊工（四级）", "叉车司机",
                "育婴员（五级）", "保育师", "农业经理人（三级/高级工）", "家政服务员")


def sample_notice(rows: int) -> NoticeDocument:
    people = []
    for i in range(rows):
        name = (SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
                + (GIVEN[(i * 3) % len(GIVEN)] if i % 3 else ""))
        id_number = f"640425{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}{i % 10}"
        people.append(NoticeRow(i + 1, name, mask_id_number(id_number), TOWNS[i % len(TOWNS)],
                                CERTIFICATES[i % len(CERTIFICATES)], 150000 + (i % 7) * 5050))
    return NoticeDocument("彭阳县2026年第3批职业技能培训补贴公示", "彭阳县人力资源和社会保障局",
                          "PY-2026-003", date(2026, 11, 23), date(2026, 11, 27),
                          "彭阳县人力资源和社会保障局职业能力建设股", "0954-7012345",
                          "彭阳县白阳镇长城路1号", tuple(people))


def _tree_rss_kib(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields["PPid"]), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class PeakSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak_kib = max(self.peak_kib, _tree_rss_kib(os.getpid()))

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak_kib


def measure(rows: int, out: Path | None) -> None:
    doc = sample_notice(rows)
    sampler = PeakSampler()
    sampler.start()
    started = time.perf_counter()
    pdf = render_notice(doc)
    elapsed = time.perf_counter() - started
    peak = sampler.stop()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{rows:>6} rows: {elapsed:6.1f} s wall, peak {peak / 1024:5.0f} MB (process tree), "
          f"{pages} pages, {len(pdf) / 2**20:.1f} MiB")
    if out is not None:
        out.write_bytes(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    print(describe())
    print(f"HarfBuzz subsetting: {'yes' if fast_subsetting_available() else 'NO (slow fontTools)'}")
    for rows in args.rows or [100, 10_000]:
        measure(rows, args.out)


if __name__ == "__main__":
    main()
