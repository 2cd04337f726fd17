/**
 * The paper's comparison ({@code cdc experiment}): raw, CDC, unguided and JPEG rows under both
 * protocols, their report, table and plots.
 */
package dev.cdc.training.experiment;
