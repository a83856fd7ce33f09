#!/usr/bin/env python3
"""Where a test run's time went: the slowest test classes and tests, from the runs' TRX files.

deploy/mash test prints this before its totals, so every CI log shows what to trim when the run
nears its time limit. A class's time runs from its first test's start to its last test's end, so
it takes in the time its tests waited on each other but not its fixture's start-up before them.
usage: test-times.py RESULTS_DIR [N]
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def seconds(duration):
    h, m, s = duration.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def instant(text):
    # TRX times carry 7 fractional digits; Python reads at most 6.
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", text))


def main():
    folder, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 8
    tests, classes = [], {}
    for path in glob.glob(os.path.join(folder, "*.trx")):
        for result in ET.parse(path).getroot().iter(NS + "UnitTestResult"):
            name = result.get("testName", "?")
            if result.get("duration") is None or result.get("startTime") is None:
                continue
            tests.append((seconds(result.get("duration")), name))
            cls = name.rsplit(".", 1)[0] if "(" not in name else name.split("(")[0].rsplit(".", 1)[0]
            start, end = instant(result.get("startTime")), instant(result.get("endTime"))
            first, last = classes.get(cls, (start, end))
            classes[cls] = (min(first, start), max(last, end))
    if not tests:
        print("mash: no test results found in " + folder)
        return
    print("slowest test classes (first start to last end):")
    spans = sorted(((e - s).total_seconds(), c) for c, (s, e) in classes.items())
    for span, cls in reversed(spans[-n:]):
        print(f"  {span:7.1f} s  {cls}")
    print("slowest tests:")
    for took, name in sorted(tests)[-n:][::-1]:
        print(f"  {took:7.1f} s  {name}")


if __name__ == "__main__":
    main()
