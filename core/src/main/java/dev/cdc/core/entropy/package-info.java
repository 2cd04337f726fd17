/**
 * Entropy coding of latent codes (docs/entropy-coding.md): frequency tables fitted per model
 * from the codes of its training set, their stored form, and a 32-bit rANS coder whose streams
 * are byte-identical on every platform. Pure Java, no native code.
 */
package dev.cdc.core.entropy;
