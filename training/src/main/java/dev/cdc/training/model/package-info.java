/**
 * The networks (encoder, decoder, guidance and cloud classifiers), the quantizer in the
 * training loop, their configuration and fingerprint. A new layer goes in {@link
 * dev.cdc.training.model.Layers} and the model that uses it.
 */
package dev.cdc.training.model;
