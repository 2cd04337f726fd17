#!/usr/bin/env python3
"""docs/entropy-coding.md in Python: checks testdata/rans-vectors.json (made by the Java side)
byte for byte, so the spec is shown to be implementable from its text in a second language.
Usage: scripts/rans_reference.py [testdata/rans-vectors.json]; exit 0 when every vector matches."""
import json
import sys

M_BITS = 14
M = 1 << M_BITS
L = 1 << 23


def fit(counts):
    n = len(counts)
    weights = counts if sum(counts) > 0 else [1] * n
    total = sum(weights)
    spare = M - n
    freqs = [1 + w * spare // total for w in weights]
    rema = [w * spare % total for w in weights]
    missing = M - sum(freqs)
    for s in sorted(range(n), key=lambda s: (-rema[s], s))[:missing]:
        freqs[s] += 1
    return freqs


def encode(symbols, tables, table_of):
    out = []
    x = L
    for i in reversed(range(len(symbols))):
        t = tables[table_of[i % len(table_of)]]
        s = symbols[i]
        f = t[s]
        while x >= ((L >> M_BITS) << 8) * f:
            out.append(x & 0xFF)
            x >>= 8
        x = ((x // f) << M_BITS) + x % f + sum(t[:s])
    out += [(x >> 24) & 0xFF, (x >> 16) & 0xFF, (x >> 8) & 0xFF, x & 0xFF]
    return bytes(reversed(out))


def decode(stream, count, tables, table_of):
    x = int.from_bytes(stream[:4], "little")
    at = 4
    symbols = []
    for i in range(count):
        t = tables[table_of[i % len(table_of)]]
        slot = x & (M - 1)
        s, start = 0, 0
        while start + t[s] <= slot:
            start += t[s]
            s += 1
        x = t[s] * (x >> M_BITS) + slot - start
        while x < L:
            x = (x << 8) | stream[at]
            at += 1
        symbols.append(s)
    assert at == len(stream) and x == L, "the stream does not end as coded"
    return symbols


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "testdata/rans-vectors.json"
    with open(path) as f:
        vectors = json.load(f)
    assert vectors["precisionBits"] == M_BITS and vectors["stateLowerBound"] == L
    for v in vectors["fits"]:
        assert fit(v["counts"]) == v["frequencies"], v["name"]
    for v in vectors["streams"]:
        stream = encode(v["symbols"], v["tables"], v["tableOf"])
        assert stream.hex() == v["stream"], v["name"]
        assert decode(stream, len(v["symbols"]), v["tables"], v["tableOf"]) == v["symbols"], v["name"]
    print(f"{len(vectors['fits'])} fits and {len(vectors['streams'])} streams match {path}")


if __name__ == "__main__":
    main()
