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


def quantize(z, bits: int):
    levels = (1 << bits) - 1
    exact = torch.clamp(torch.floor(z.detach() * levels + 0.5), 0, levels) / levels
    return exact + (z - z.detach())


class FrozenGuide(nn.Module):
    """The guide as constants: its weights are buffers, not parameters, and its batch norms
    always use their running statistics, so a trainer that sees only parameters and switches the
    whole module to training mode (DJL's, on a TorchScript module) leaves it frozen."""

    def __init__(self, guide):
        super().__init__()
        for name, tensor in guide.state_dict().items():
            self.register_buffer(name.replace(".", "_"), tensor.detach().clone())

    def forward(self, x):
        x = F.max_pool2d(F.relu(F.batch_norm(F.conv2d(x, self.conv1_weight, self.conv1_bias, 1, 1), self.norm1_running_mean,
                                             self.norm1_running_var, self.norm1_weight, self.norm1_bias, False, 0.0, 1e-5)), 2)
        x = F.max_pool2d(F.relu(F.batch_norm(F.conv2d(x, self.conv2_weight, self.conv2_bias, 1, 1), self.norm2_running_mean,
                                             self.norm2_running_var, self.norm2_weight, self.norm2_bias, False, 0.0, 1e-5)), 2)
        x = torch.flatten(F.adaptive_avg_pool2d(x, 4), 1)
        return F.linear(F.relu(F.linear(x, self.hidden_weight, self.hidden_bias)), self.logits_weight, self.logits_bias)


class TrainStepLoss(nn.Module):
    """The step's forward and loss as one module, for trainers that run TorchScript (DJL)."""

    def __init__(self, encoder, decoder, guide, bits: int, lam: float):
        super().__init__()
        self.encoder, self.decoder, self.guide = encoder, decoder, FrozenGuide(guide)
        self.bits, self.lam = bits, lam

    def forward(self, x, y):
        logits = self.decoder(quantize(self.encoder(x), self.bits))
        loss = F.binary_cross_entropy_with_logits(logits, x)
        return loss + self.lam * F.cross_entropy(self.guide(torch.sigmoid(logits)), y)


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
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    parser.add_argument("--export-torchscript", metavar="PATH",
                        help="write the step's forward and loss as TorchScript for the DJL peer, and stop")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    if args.export_torchscript:
        guide = Guide(1, 10).eval()
        module = TrainStepLoss(Encoder(1, 2, 32), Decoder(1, 2, 32), guide, args.bits, args.lam)
        torch.jit.save(torch.jit.script(module), args.export_torchscript)
        print(json.dumps({"torchscript": args.export_torchscript, "version": torch.__version__}))
        return 0
    images = read_idx(args.images)[: args.batch * 4].astype(np.float32) / 255.0
    labels = read_idx(args.labels)[: args.batch * 4].astype(np.int64)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit("PyTorch " + torch.__version__ + " here sees no CUDA device")
    x_all = torch.from_numpy(images).unsqueeze(1)
    y_all = torch.from_numpy(labels)
    if device.type == "cuda":  # as cdc does: batches leave pinned host memory without waiting
        x_all, y_all = x_all.pin_memory(), y_all.pin_memory()
    encoder, decoder, guide = Encoder(1, 2, 32).to(device), Decoder(1, 2, 32).to(device), Guide(1, 10).to(device)
    guide.eval()
    for p in guide.parameters():
        p.requires_grad_(False)
    optimizer = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=2e-3)
    times = []
    for step in range(args.warmup + args.steps):
        start = (step % 4) * args.batch
        began = time.perf_counter()
        x = x_all[start:start + args.batch].to(device, non_blocking=True)
        y = y_all[start:start + args.batch].to(device, non_blocking=True)
        optimizer.zero_grad()
        logits = decoder(quantize(encoder(x), args.bits))
        loss = F.binary_cross_entropy_with_logits(logits, x)
        loss = loss + args.lam * F.cross_entropy(guide(torch.sigmoid(logits)), y)
        loss.backward()
        optimizer.step()
        if device.type == "cuda":
            torch.cuda.synchronize()  # cdc's step reads its loss, which waits for the GPU too
        if step >= args.warmup:
            times.append((time.perf_counter() - began) * 1000)
    print(json.dumps({"peer": "pytorch-python", "version": torch.__version__, "threads": args.threads, "device": str(device),
                      "batch": args.batch, "steps": args.steps, "medianMillis": statistics.median(times)}))


if __name__ == "__main__":
    sys.exit(main())
