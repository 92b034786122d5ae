"""Run a command and write its wall time, CPU time and peak RSS to a JSON file.

    python -S bench/rusage_launch.py OUT.json COMMAND [ARGS...]

Why a launcher: Linux carries a process's peak-RSS mark across fork and
exec, so a child started straight from the bench process (which holds every
feed in memory for its server) would report the bench's size, not its own.
Forked from this small process instead, the child's mark starts near zero.
Exits with the command's exit code.
"""

import json
import os
import sys
import time


def main() -> int:
    out, command = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(out, "w") as handle:
        json.dump(
            {
                "wall": wall,
                "user": usage.ru_utime,
                "sys": usage.ru_stime,
                "rss_kib": usage.ru_maxrss,
                "rc": code,
            },
            handle,
        )
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
