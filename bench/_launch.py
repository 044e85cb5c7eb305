"""Run a command and report its wall time and peak RSS: python bench/_launch.py TIMEOUT OUT.json CMD...

A child's ru_maxrss on Linux starts from its parent's RSS high-water mark at fork/exec, so the
bench (which builds and solves models in-process) cannot measure its own children fairly. This
small launcher starts the measured command instead, so the command's peak RSS is its own (the
launcher itself stays around 10 MiB, below any mealplan run).
"""
import json
import os
import subprocess
import sys
import time

timeout, out_path, argv = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
started = time.perf_counter()
proc = subprocess.Popen(argv)
timed_out = False
while True:
    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
    if pid:
        break
    if time.perf_counter() - started > timeout:
        proc.kill()
        timed_out = True
        pid, status, usage = os.wait4(proc.pid, 0)
        break
    time.sleep(0.002)
wall = time.perf_counter() - started
proc.returncode = os.waitstatus_to_exitcode(status)
with open(out_path, "w") as out:
    json.dump({"wall_s": wall, "returncode": proc.returncode, "timed_out": timed_out,
               "maxrss_kib": usage.ru_maxrss}, out)
