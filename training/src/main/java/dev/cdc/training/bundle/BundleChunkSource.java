package dev.cdc.training.bundle;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ShardChunks;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.upload.ChunkSource;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.pipeline.ChunkEncoder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** An edge's images, encodable at every width of its bundle: what {@code cdc upload} sends. */
public final class BundleChunkSource implements ChunkSource {
    private final TrainingImages images;
    private final Map<Integer, ChunkEncoder> encoders = new LinkedHashMap<>();
    private final Map<Integer, ShardHeader> headers = new LinkedHashMap<>();
    private final int[] widths;

    /**
     * @param dataset the data set name the one-chunk files carry, e.g. {@code mnist/train}
     */
    public BundleChunkSource(Bundle bundle, Map<Integer, CdcModel> models, TrainingImages images, String dataset) {
        this(bundle, models, images, dataset, ComputeDevice.CPU);
    }

    /** With every width's encoder on {@code device}. */
    public BundleChunkSource(Bundle bundle, Map<Integer, CdcModel> models, TrainingImages images, String dataset,
            ComputeDevice device) {
        this.images = images;
        this.widths = bundle.widths();
        for (Map.Entry<Integer, CdcModel> entry : models.entrySet()) {
            CdcModel model = entry.getValue();
            // the header takes the fingerprint before the encoder may move the model to a GPU
            headers.put(entry.getKey(), new ShardHeader(model.fingerprint(), model.config().codec(), model.config().latentShape(),
                    LabelEncoding.forClasses(images.classes()), images.classes(), dataset));
            encoders.put(entry.getKey(), new ChunkEncoder(model, images, device));
        }
    }

    @Override
    public int records() {
        return images.count();
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    @Override
    public ShardHeader header(int bits) {
        return headers.get(bits);
    }

    @Override
    public byte[] encode(int bits, int first, int count) throws IOException {
        ChunkEncoder.Records records = encoders.get(bits).encode(first, count);
        return ShardChunks.singleChunkShard(headers.get(bits), records.labels(), records.codes());
    }
}
