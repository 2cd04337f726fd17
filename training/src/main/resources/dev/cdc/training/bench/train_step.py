#!/usr/bin/env python3
"""The CDC autoencoder's training step in PyTorch, as a peer for `cdc bench train`.

The same model, loss, quantizer and optimizer as cdc's `training` module (Encoder, Decoder,
Classifier.guidance, AutoencoderTask, LatentQuantizer): width 32, 2 latent channels, k bits,
binary cross-entropy on the decoder's logits plus lambda times the frozen guide's cross-entropy,
straight-through quantization, Adam 2e-3. Prints one JSON object: median milliseconds per step.
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def bn_relu(conv, channels):
    return nn.Sequential(conv, nn.BatchNorm2d(channels), nn.ReLU())


class Encoder(nn.Module):
    def __init__(self, channels, latent, width):
        super().__init__()
        self.body = nn.Sequential(
            bn_relu(nn.Conv2d(channels, width // 2, 3, 1, 1), width // 2),
            bn_relu(nn.Conv2d(width // 2, width, 4, 2, 1), width),
            bn_relu(nn.Conv2d(width, width, 4, 2, 1), width),
            nn.Conv2d(width, latent, 1), nn.BatchNorm2d(latent))

    def forward(self, x):
        return torch.sigmoid(self.body(x))


class Decoder(nn.Module):
    def __init__(self, channels, latent, width):
        super().__init__()
        self.body = nn.Sequential(
            bn_relu(nn.Conv2d(latent, width, 3, 1, 1), width),
            bn_relu(nn.ConvTranspose2d(width, width, 4, 2, 1), width),
            bn_relu(nn.ConvTranspose2d(width, width // 2, 4, 2, 1), width // 2),
            nn.Conv2d(width // 2, channels, 3, 1, 1))

    def forward(self, z):
        return self.body(z)


class Guide(nn.Module):
    def __init__(self, channels, classes, width=16, hidden=64):
        super().__init__()
        self.conv1, self.norm1 = nn.Conv2d(channels, width, 3, 1, 1), nn.BatchNorm2d(width)
        self.conv2, self.norm2 = nn.Conv2d(width, 2 * width, 3, 1, 1), nn.BatchNorm2d(2 * width)
        self.hidden, self.logits = nn.Linear(2 * width * 16, hidden), nn.Linear(hidden, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.norm1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.norm2(self.conv2(x))), 2)
        x = torch.flatten(F.adaptive_avg_pool2d(x, 4), 1)
        return self.logits(F.relu(self.hidden(x)))


def quantize(z, bits):
    levels = (1 << bits) - 1
    exact = torch.clamp(torch.floor(z.detach() * levels + 0.5), 0, levels) / levels
    return exact + (z - z.detach())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", required=True, help="IDX file of training images")
    parser.add_argument("--labels", required=True, help="IDX file of training labels")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--bits", type=int, default=2)
    parser.add_argument("--lam", type=float, default=0.05)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    images = read_idx(args.images)[: args.batch * 4].astype(np.float32) / 255.0
    labels = read_idx(args.labels)[: args.batch * 4].astype(np.int64)
    x_all = torch.from_numpy(images).unsqueeze(1)
    y_all = torch.from_numpy(labels)
    encoder, decoder, guide = Encoder(1, 2, 32), Decoder(1, 2, 32), Guide(1, 10)
    guide.eval()
    for p in guide.parameters():
        p.requires_grad_(False)
    optimizer = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=2e-3)
    times = []
    for step in range(args.warmup + args.steps):
        start = (step % 4) * args.batch
        x, y = x_all[start:start + args.batch], y_all[start:start + args.batch]
        began = time.perf_counter()
        optimizer.zero_grad()
        logits = decoder(quantize(encoder(x), args.bits))
        loss = F.binary_cross_entropy_with_logits(logits, x)
        loss = loss + args.lam * F.cross_entropy(guide(torch.sigmoid(logits)), y)
        loss.backward()
        optimizer.step()
        if step >= args.warmup:
            times.append((time.perf_counter() - began) * 1000)
    print(json.dumps({"peer": "pytorch-python", "version": torch.__version__, "threads": args.threads,
                      "batch": args.batch, "steps": args.steps, "medianMillis": statistics.median(times)}))


if __name__ == "__main__":
    sys.exit(main())
