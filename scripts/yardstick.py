#!/usr/bin/env python3
"""A second, plainly different classifier for checking cdc's accuracies: a random forest from
scikit-learn (Debian: apt-get install python3-sklearn python3-numpy), trained on images that
`cdc decode` wrote (images.npy, labels.npy) or on the raw training images, and tested on the raw
test images (protocol R) and, if given, on decoded test images (protocol C). It shares no code,
no framework and no model family with cdc's cloud classifier, so a loss that both see is the
codec's, not the classifier's.

    scripts/yardstick.py --dataset fashion-mnist --train DIR_OR_raw [--codec-test DIR] [--trees 200] [--images N]

DIR holds images.npy and labels.npy as `cdc decode --out DIR SHARD` writes them. Prints one JSON
line: {"train": ..., "R": accuracy, "C": accuracy or null, "trees": N, "seconds": S}.
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def packaged(root, prefix):
    for name in sorted(os.listdir(root)):
        if name.startswith(prefix):
            return idx(os.path.join(root, name))
    sys.exit(f"yardstick: no {prefix}* file in {root}: run `bin/cdc data fetch` first")


def decoded(directory):
    images = np.load(os.path.join(directory, "images.npy"))
    labels = np.load(os.path.join(directory, "labels.npy"))
    return images.reshape(len(images), -1).astype(np.float32), labels.astype(np.int64)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", required=True, help="mnist or fashion-mnist")
    parser.add_argument("--train", required=True, help="'raw', or a directory written by cdc decode")
    parser.add_argument("--codec-test", help="a directory written by cdc decode from the encoded test images")
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--images", type=int, help="train on the first N images only")
    parser.add_argument("--data", default=os.environ.get("CDC_DATA", os.path.expanduser("~/.cache/cdc/data")))
    args = parser.parse_args()
    root = os.path.join(args.data, args.dataset)
    if args.train == "raw":
        x = packaged(root, "train-images").reshape(-1, 784).astype(np.float32) / 255
        y = packaged(root, "train-labels").astype(np.int64)
    else:
        x, y = decoded(args.train)
    if args.images:
        x, y = x[:args.images], y[:args.images]
    test_x = packaged(root, "t10k-images").reshape(-1, 784).astype(np.float32) / 255
    test_y = packaged(root, "t10k-labels").astype(np.int64)
    started = time.time()
    forest = RandomForestClassifier(n_estimators=args.trees, n_jobs=-1, random_state=1).fit(x, y)
    result = {"train": args.train, "images": len(x), "R": float((forest.predict(test_x) == test_y).mean()), "C": None}
    if args.codec_test:
        cx, cy = decoded(args.codec_test)
        result["C"] = float((forest.predict(cx) == cy).mean())
    result["trees"] = args.trees
    result["seconds"] = round(time.time() - started, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
