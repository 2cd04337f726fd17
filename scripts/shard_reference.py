#!/usr/bin/env python3
"""A .cdc shard reader written from core/docs/shard-format.md, docs/codec.md and
docs/entropy-coding.md alone, sharing no code with cdc's Java reader: it checks a fixed-range shard
(format version 1, bit-packed, or version 2, rANS-coded) against the labels and decoded floats
that a golden file's JSON lists. Usage:

    scripts/shard_reference.py SHARD.cdc EXPECTED.json [CODE-TABLES]

Exit 0 when every CRC holds and the labels and floats match. Fixed range mode only, and ranges
whose lo is 0, where a code's value c * step is exact in double precision, so rounding it once to
float32 gives the fused multiply-add of the rules without a float32 fma in Python."""
import json
import struct
import sys

from rans_reference import decode as rans_decode

MAGIC = b"\x89CDC\r\n\x1a\n"
CHUNK_MAGIC = b"CHNK"


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def read_tables(blob):
    """The stored form of a set of code tables: version, E, T, each element's table, the tables."""
    version, elements, count = struct.unpack_from("<BII", blob, 0)
    assert version == 1, "code tables version"
    at = 9
    wide = count > 256
    table_of = []
    for _ in range(elements):
        table_of.append(struct.unpack_from("<H" if wide else "<B", blob, at)[0])
        at += 2 if wide else 1
    tables = []
    for _ in range(count):
        (n,) = struct.unpack_from("<H", blob, at)
        tables.append(list(struct.unpack_from("<%dH" % n, blob, at + 2)))
        at += 2 + 2 * n
    assert at == len(blob), "bytes after the last table"
    return tables, table_of


def parse(data, tables_blob):
    assert data[:8] == MAGIC, "magic"
    version, flags, body_length = struct.unpack_from("<HHI", data, 8)
    assert version in (1, 2) and flags == 0, "version %d, flags %d" % (version, flags)
    body = data[16:16 + body_length]
    assert struct.unpack_from("<I", data, 16 + body_length)[0] == crc32c(data[:16 + body_length]), "header CRC"
    bits, mode, label_id, rank = struct.unpack_from("<BBBB", body, 32)
    lo, hi, _block, classes = struct.unpack_from("<ffII", body, 36)
    shape = struct.unpack_from("<%dI" % rank, body, 52)
    at = 52 + 4 * rank
    (name_length,) = struct.unpack_from("<H", body, at)
    at += 2 + name_length
    coding = 0
    if version == 2:
        coding = body[at]
        at += 1 + (32 if coding == 1 else 0)
    assert at == len(body), "header body length"
    assert mode == 0 and lo == 0.0, "this reference reads fixed-range shards with lo = 0"
    n = 1
    for d in shape:
        n *= d
    label_bytes = (0, 1, 2)[label_id]
    record_bytes = (n * bits + 7) // 8
    levels = (1 << bits) - 1
    step = f32(f32(hi - lo) / levels)
    tables = table_of = None
    if coding == 1:
        tables, table_of = read_tables(tables_blob)
    labels, values = [], []
    offset = 16 + body_length + 4
    while offset < len(data):
        assert data[offset:offset + 4] == CHUNK_MAGIC, "chunk magic"
        count, payload = struct.unpack_from("<IQ", data, offset + 4)
        start = offset + 16
        end = start + payload
        assert struct.unpack_from("<I", data, end)[0] == crc32c(data[offset:end]), "chunk CRC"
        chunk = data[start:end]
        codes = []
        if coding == 0:
            for r in range(count):
                record = chunk[r * (label_bytes + record_bytes):(r + 1) * (label_bytes + record_bytes)]
                labels.append(int.from_bytes(record[:label_bytes], "little"))
                packed = int.from_bytes(record[label_bytes:], "little")
                codes += [(packed >> (i * bits)) & levels for i in range(n)]
        else:
            for r in range(count):
                labels.append(int.from_bytes(chunk[r * label_bytes:(r + 1) * label_bytes], "little"))
            codes = rans_decode(chunk[count * label_bytes:], count * n, tables, table_of)
        values += [f32(c * step + lo) for c in codes]
        offset = end + 4
    assert all(label < classes for label in labels), "labels below the class count"
    return labels, values


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    with open(sys.argv[2]) as f:
        expected = json.load(f)
    tables_blob = None
    if len(sys.argv) > 3:
        with open(sys.argv[3], "rb") as f:
            tables_blob = f.read()
    labels, values = parse(data, tables_blob)
    assert labels == expected["labels"], "labels"
    decoded = bytes.fromhex(expected["decoded_f32le"])
    assert struct.pack("<%df" % len(values), *values) == decoded, "decoded floats"
    print("%s: %d records match %s" % (sys.argv[1], len(labels), sys.argv[2]))


if __name__ == "__main__":
    main()
