/**
 * Data-parallel training on LibTorch's c10d: the rendezvous, Gloo or NCCL process groups, and
 * gradients averaged in flat buckets (docs/distributed.md).
 */
package dev.cdc.training.distributed;
