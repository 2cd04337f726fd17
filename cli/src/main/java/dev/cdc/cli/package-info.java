/**
 * The {@code cdc} command: one picocli class per command that parses its options, calls the
 * library and prints. Logic belongs in the library packages, not here.
 */
package dev.cdc.cli;
