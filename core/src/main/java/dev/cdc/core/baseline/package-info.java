/**
 * Baselines that cdc's codec is compared with: JPEG through ImageIO, at a given quality.
 */
package dev.cdc.core.baseline;
