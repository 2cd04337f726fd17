/**
 * Models applied to data: encoding images to shards and chunks at the edge, decoding shards in
 * the cloud, and the codec's round trip of a test set (protocol C).
 */
package dev.cdc.training.pipeline;
