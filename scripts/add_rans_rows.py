#!/usr/bin/env python3
"""Adds `cdc+rans` rows to a `cdc experiment` results.json from before entropy coding, so that its
table and plot show what rANS buys for the very models it measured. rANS is lossless, so a row's
accuracies are its `cdc` row's; its bytes come from a real shard of the same training images,
written by `cdc encode --codec rans --json` with the model after `cdc tables` fitted its code tables
(docs/entropy-coding.md, "Full data"). Usage:

    scripts/add_rans_rows.py RESULTS.json OUT.json K=ENCODE_REPORT.json [K=ENCODE_REPORT.json ...]
"""
import copy
import json
import sys


def main():
    source, out = sys.argv[1], sys.argv[2]
    with open(source) as f:
        result = json.load(f)
    rows = result["rows"]
    raw_bytes = next(r["bytesPerImage"] for r in rows if r["method"] == "raw")
    for spec in sys.argv[3:]:
        bits, path = spec.split("=", 1)
        with open(path) as f:
            report = json.load(f)
        if report["codec"] != "rans" or report["bits"] != int(bits):
            sys.exit("%s: expected a rANS shard at k=%s, got %s at k=%d" % (path, bits, report["codec"], report["bits"]))
        packed = next(r for r in rows if r["method"] == "cdc" and r["bits"] == int(bits) and "compare" not in r["setting"])
        row = copy.deepcopy(packed)
        row["method"] = "cdc+rans"
        row["setting"] = packed["setting"] + ", rANS-coded (tables fitted afterwards)"
        row["bytesPerImage"] = report["bytes"] / report["records"]
        row["ratio"] = raw_bytes / row["bytesPerImage"]
        row["unguidedOverCdcRaw"] = row["unguidedOverCdcCodec"] = None
        rows.insert(rows.index(packed) + 1, row)
    with open(out, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
