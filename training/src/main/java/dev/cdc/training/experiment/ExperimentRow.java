package dev.cdc.training.experiment;

/**
 * One row of the comparison. Accuracies are of the row's cloud classifier, trained on the row's
 * decoded training images, under both protocols; losses are against the raw row's accuracy on
 * raw test images.
 *
 * @param method         {@code raw}, {@code cdc}, {@code cdc+rans} (the CDC row's records rANS-coded), {@code unguided} or {@code jpeg}
 * @param bits           k for the autoencoders; 8 for raw; 0 for JPEG
 * @param setting        what else identifies the row (JPEG quality, "fine-tuned from k=2")
 * @param bytesPerImage  upload bytes per image, measured from the real files with headers, amortised
 * @param ratio          raw 8-bit pixel bytes over {@code bytesPerImage}
 * @param raw            protocol (R): accuracy on the raw test images
 * @param codec          protocol (C): accuracy on the test images passed through the row's own
 *                       encoder, codec and decoder (for JPEG, through JPEG; for raw, the raw images)
 * @param lossRaw        the raw row's (R) minus this row's (R), in percentage points
 * @param lossCodec      the raw row's (R) minus this row's (C), in percentage points
 * @param unguidedOverCdcRaw   for CDC rows: the unguided loss at the same k over CDC's, on (R)
 * @param unguidedOverCdcCodec the same on (C)
 * @param trainSeconds   time to train (or fine-tune) this row's autoencoder (first seed)
 * @param wallSeconds    wall time of the row's work, every seed (training, encoding, decoding, cloud training)
 */
public record ExperimentRow(String method, int bits, String setting, double bytesPerImage, double ratio, Accuracy raw,
        Accuracy codec, double lossRaw, double lossCodec, Double unguidedOverCdcRaw, Double unguidedOverCdcCodec,
        double trainSeconds, double wallSeconds) {

    /** A row measured, before the raw row's accuracy it is compared with is known. */
    static ExperimentRow measured(String method, int bits, String setting, double bytesPerImage, double ratio,
            Accuracy raw, Accuracy codec, double trainSeconds, double wallSeconds) {
        return new ExperimentRow(method, bits, setting, bytesPerImage, ratio, raw, codec, 0, 0, null, null, trainSeconds,
                wallSeconds);
    }

    ExperimentRow comparedWith(double rawBaseline) {
        return new ExperimentRow(method, bits, setting, bytesPerImage, ratio, raw, codec, 100 * (rawBaseline - raw.mean()),
                100 * (rawBaseline - codec.mean()), unguidedOverCdcRaw, unguidedOverCdcCodec, trainSeconds, wallSeconds);
    }

    ExperimentRow withUnguidedOverCdc(Double onRaw, Double onCodec) {
        return new ExperimentRow(method, bits, setting, bytesPerImage, ratio, raw, codec, lossRaw, lossCodec, onRaw, onCodec,
                trainSeconds, wallSeconds);
    }

    /** Whether this row ran with several seeds. */
    public boolean seeded() {
        return raw.runs().size() > 1;
    }

    /** The comparison row (a width trained from scratch) is its own point, not part of CDC's line. */
    public boolean scratchComparison() {
        return method.equals("cdc") && setting.startsWith("trained from scratch (compare");
    }
}
