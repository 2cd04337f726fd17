#!/usr/bin/env python3
"""Accuracy against bytes per image for CDC rows of several `cdc experiment` runs, one line per
run and coding, to compare runs trained with different --rate-weight. Usage:

    scripts/rate_curve.py [--title TEXT] OUT.png LABEL=results.json [LABEL=results.json ...]

Needs matplotlib (Debian: apt-get install python3-matplotlib)."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def main():
    args = sys.argv[1:]
    title = "cdc experiment --quick, MNIST: k = 1, 2, 4, 8 per line; rate-aware training against none"
    if args[0] == "--title":
        title, args = args[1], args[2:]
    out = args[0]
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharey=True)
    raw = None
    for spec in args[1:]:
        label, path = spec.split("=", 1)
        with open(path) as f:
            result = json.load(f)
        rows = result.get("result", result)["rows"]
        for method, style in (("cdc", "--"), ("cdc+rans", "-")):
            points = sorted((r["bytesPerImage"], r["raw"]["mean"], r["codec"]["mean"]) for r in rows
                            if r["method"] == method and "compare" not in r["setting"])
            if not points:
                continue
            for axis, index in ((axes[0], 1), (axes[1], 2)):
                axis.plot([p[0] for p in points], [100 * p[index] for p in points], style, marker="o",
                          label="%s, %s" % (label, "rANS" if method == "cdc+rans" else "bit-packed"))
        raw = raw or next(r["raw"]["mean"] for r in rows if r["method"] == "raw")
    for axis, name in ((axes[0], "raw test images (R)"), (axes[1], "test images through the codec (C)")):
        axis.axhline(100 * raw, color="grey", linewidth=1, label="raw images, 784 B")
        axis.set_xscale("log")
        axis.set_xlabel("upload bytes per image (log scale)")
        axis.set_title(name)
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("cloud classifier accuracy (%)")
    axes[1].legend(fontsize=8, loc="lower right")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    main()
