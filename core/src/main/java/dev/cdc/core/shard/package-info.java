/**
 * The {@code .cdc} shard container of core/docs/shard-format.md: header, CRC-checked chunks of
 * packed codes and labels, and whether a decoder can read a shard ({@link
 * dev.cdc.core.shard.DecoderMatch}).
 */
package dev.cdc.core.shard;
