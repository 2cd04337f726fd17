package dev.cdc.training.experiment;

/**
 * One row of the comparison.
 *
 * @param method         {@code raw}, {@code cdc}, {@code unguided} or {@code jpeg}
 * @param bits           k for the autoencoders; 8 for raw; 0 for JPEG
 * @param setting        what else identifies the row (JPEG quality, "fine-tuned from k=2")
 * @param bytesPerImage  upload bytes per image, measured from the real files with headers, amortised
 * @param ratio          raw 8-bit pixel bytes over {@code bytesPerImage}
 * @param accuracy       test accuracy of the cloud classifier trained on this row's images
 * @param accuracyLoss   raw accuracy minus this row's, in percentage points
 * @param unguidedOverCdc for CDC rows: the unguided loss at the same k over CDC's loss
 * @param trainSeconds   time to train (or fine-tune) this row's autoencoder
 * @param wallSeconds    wall time of the whole row (training, encoding, decoding, cloud training)
 */
public record ExperimentRow(String method, int bits, String setting, double bytesPerImage, double ratio, double accuracy,
        double accuracyLoss, Double unguidedOverCdc, double trainSeconds, double wallSeconds) {

    public ExperimentRow withUnguidedOverCdc(Double value) {
        return new ExperimentRow(method, bits, setting, bytesPerImage, ratio, accuracy, accuracyLoss, value, trainSeconds,
                wallSeconds);
    }
}
