/**
 * Models applied to data: encoding images to shards and chunks at the edge, decoding shards in
 * the cloud, the codec round trip of a test set, reconstruction grids.
 */
package dev.cdc.training.pipeline;
