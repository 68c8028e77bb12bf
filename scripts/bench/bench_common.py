"""Shared plumbing of the Python reference benchmarks.

Each reference script takes one argument, a JSON config written by scripts/bench.ts, and prints
one line `BENCH_RESULT {...}`: either the timed samples (after its own warm-up) with the peak
RSS of the process, or `available: false` with the modules that are not installed.
"""
import importlib
import json
import resource
import sys
import time

RESULT_PREFIX = "BENCH_RESULT "


def emit(payload):
    sys.stdout.write(RESULT_PREFIX + json.dumps(payload) + "\n")
    sys.stdout.flush()


def load_config():
    if len(sys.argv) != 2:
        raise SystemExit("usage: python3 %s <config.json>" % sys.argv[0])
    with open(sys.argv[1], encoding="utf-8") as handle:
        return json.load(handle)


def require(*names):
    """The imported modules, or report the missing ones and exit without failing."""
    modules, missing = [], []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ImportError:
            missing.append(name)
    if missing:
        emit({"available": False, "missing": missing})
        raise SystemExit(0)
    return modules


def time_runs(work, warmup, runs):
    """Milliseconds of each timed run of work(); warm-up runs are not recorded."""
    samples = []
    for run in range(warmup + runs):
        start = time.perf_counter()
        work()
        elapsed = (time.perf_counter() - start) * 1000.0
        if run >= warmup:
            samples.append(elapsed)
    return samples


def peak_rss_bytes():
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def report(samples, details=None):
    emit({"available": True, "samples_ms": samples, "peak_rss_bytes": peak_rss_bytes(), "details": details or {}})


def read_matrix(numpy, spec):
    """The float64 row-major matrix and labels described by a FeatureSetFiles spec."""
    data = numpy.fromfile(spec["features"], dtype="<f8").reshape(spec["rows"], spec["cols"])
    labels = numpy.fromfile(spec["labels"], dtype="<f8")
    return data, labels
