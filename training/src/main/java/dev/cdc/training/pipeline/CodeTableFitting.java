package dev.cdc.training.pipeline;

import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.cuda.CudaException;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;

/**
 * The entropy coder's tables for a model: the codes its encoder and quantizer give a training
 * set, exactly as an edge would send them, counted per latent position (the layout that pays,
 * docs/entropy-coding.md) and fitted to tables.
 */
public final class CodeTableFitting {
    private static final int CHUNK = 512;

    private CodeTableFitting() {
    }

    /** One table per latent position, fitted on {@code images}' codes under {@code model}. */
    public static CodeTables fit(CdcModel model, TrainingImages images) {
        ModelConfig config = model.config();
        int n = config.latentElements();
        int recordBytes = config.codec().recordBytesExact(n);
        FastCodec codec = new FastCodec(config.codec());
        ChunkEncoder encoder = new ChunkEncoder(model, images);
        long[][] counts = new long[n][1 << config.bits()];
        int[] codes = new int[n];
        for (int start = 0; start < images.count(); start += CHUNK) {
            int count = Math.min(CHUNK, images.count() - start);
            ChunkEncoder.Records records;
            try {
                records = encoder.encode(start, count);
            } catch (CudaException e) {
                throw new IllegalStateException("the CUDA codec kernels failed: " + e.getMessage(), e);
            }
            for (int r = 0; r < count; r++) {
                codec.unpackCodes(records.codes(), r * recordBytes, n, codes, 0);
                for (int e = 0; e < n; e++) {
                    counts[e][codes[e]]++;
                }
            }
        }
        return CodeTables.perPosition(counts);
    }
}
