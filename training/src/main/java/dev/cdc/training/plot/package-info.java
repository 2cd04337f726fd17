/**
 * Pictures of what a model does to images: grids of originals above their reconstructions,
 * written as PNG. (The experiment's accuracy-against-bytes chart is in {@code experiment}, beside
 * the results it draws.)
 */
package dev.cdc.training.plot;
