package dev.cdc.core.edge;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.bundle.BundleFormatException;
import dev.cdc.core.bundle.BundlePair;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.upload.EncodedChunkSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An edge's images, encodable at every width of its bundle by the LibTorch-free encoder: what
 * {@code cdc upload --backend java} sends. Each pair's file is read and its fingerprint
 * recomputed; a pair whose file no longer matches the manifest is refused, as with LibTorch.
 */
public final class JavaBundleChunkSource extends EncodedChunkSource {
    private final ImageSet images;
    private final Map<Integer, JavaEncoder> encoders = new LinkedHashMap<>();

    /**
     * @param dataset the data set name the one-chunk files carry, e.g. {@code digits/train}
     * @param codec   packed, or rANS over each pair's code tables
     */
    public JavaBundleChunkSource(Bundle bundle, ImageSet images, String dataset, EntropyCoding.Kind codec) throws IOException {
        super(images.count());
        this.images = images;
        for (BundlePair pair : bundle.pairs()) {
            Path file = bundle.file(pair);
            EncoderFile model = EncoderFile.read(file);
            if (!model.fingerprint().equals(pair.fingerprint())) {
                throw new BundleFormatException(file, "has fingerprint " + model.fingerprint() + " but the manifest lists "
                        + pair.fingerprint() + ": the model changed after it was made");
            }
            addWidth(pair.bits(), new ShardHeader(model.fingerprint(), model.codec(), new int[] {model.latentChannels(),
                model.latentHeight(), model.latentWidth()}, LabelEncoding.forClasses(images.classes().size()),
                    images.classes().size(), dataset, EntropyCoding.forModel(codec, model.codeTables())), model.codeTables());
            encoders.put(pair.bits(), new JavaEncoder(model, file));
        }
    }

    @Override
    protected Encoded encodeRecords(int bits, int first, int count) {
        int pixels = images.imageSize();
        float[] batch = new float[count * pixels];
        for (int i = 0; i < count; i++) {
            images.copyScaled(first + i, batch, i * pixels);
        }
        return new Encoded(Arrays.copyOfRange(images.labels(), first, first + count), encoders.get(bits).encode(batch, count));
    }
}
