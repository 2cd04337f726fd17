/**
 * File helpers every writer uses: atomic replacement with fsync, walking trees, an in-memory
 * channel.
 */
package dev.cdc.core.io;
