/**
 * The CDC training step in DJL's PyTorch engine: the peer {@code cdc bench train} runs in a
 * child JVM, built only with {@code -Pdjl}.
 */
package dev.cdc.djlpeer;
