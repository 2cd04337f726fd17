package dev.cdc.training.bundle;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.upload.EncodedChunkSource;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.pipeline.ChunkEncoder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** An edge's images, encodable at every width of its bundle through LibTorch: what {@code cdc upload} sends. */
public final class BundleChunkSource extends EncodedChunkSource {
    private final Map<Integer, ChunkEncoder> encoders = new LinkedHashMap<>();

    /**
     * @param dataset the data set name the one-chunk files carry, e.g. {@code mnist/train}
     */
    public BundleChunkSource(Bundle bundle, Map<Integer, CdcModel> models, TrainingImages images, String dataset) {
        this(bundle, models, images, dataset, ComputeDevice.CPU, EntropyCoding.Kind.PACKED);
    }

    /** With every width's encoder on {@code device}, its codes stored as {@code codec} says. */
    public BundleChunkSource(Bundle bundle, Map<Integer, CdcModel> models, TrainingImages images, String dataset,
            ComputeDevice device, EntropyCoding.Kind codec) {
        super(images.count());
        for (int bits : bundle.widths()) {
            CdcModel model = models.get(bits);
            // the header takes the fingerprint before the encoder may move the model to a GPU
            addWidth(bits, new ShardHeader(model.fingerprint(), model.config().codec(), model.config().latentShape(),
                    LabelEncoding.forClasses(images.classes()), images.classes(), dataset,
                    EntropyCoding.forModel(codec, model.codeTables())), model.codeTables());
            encoders.put(bits, new ChunkEncoder(model, images, device));
        }
    }

    @Override
    protected Encoded encodeRecords(int bits, int first, int count) throws IOException {
        ChunkEncoder.Records records = encoders.get(bits).encode(first, count);
        return new Encoded(records.labels(), records.codes());
    }
}
