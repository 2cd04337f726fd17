package dev.cdc.bench;

import dev.cdc.core.baseline.JpegBaseline;
import dev.cdc.core.data.DataDirectory;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import dev.cdc.core.edge.JavaEncoder;
import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.pipeline.ChunkEncoder;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.store.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The edge's work per image on the real MNIST test images (run `cdc data fetch` first): the CDC
 * encoder forward plus quantize-and-pack at batch 1 and 256, through LibTorch (one thread) and
 * through the LibTorch-free Java encoder (the calling thread) on the same model, against ImageIO
 * JPEG at quality 0.75. Images per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EdgeEncodeBenchmark {
    private static final int BATCH = 256;
    private ImageSet images;
    private ChunkEncoder encoder;
    private JavaEncoder javaEncoder;
    private float[] pixels;
    private float[] javaBatch;
    private int next;

    @Setup
    public void setUp() throws IOException {
        torch.set_num_threads(1);
        images = KnownDataset.fromId("mnist").readTest(DataDirectory.resolve());
        TrainingImages input = TrainingImages.of(images);
        CdcModel model = CdcModel.create(new ModelConfig(input.shape(), input.classes(), 2, 32, 2), 1);
        encoder = new ChunkEncoder(model, input);
        Path file = Files.createTempFile("edge-encode", ".cdcm");
        try {
            ModelStore.saveModel(file, model, new Provenance("mnist/none", 1, Map.of(), null, "bench", "bench",
                    System.getProperty("java.version"), "1970-01-01T00:00:00Z"), TrainingState.FINISHED, null);
            javaEncoder = new JavaEncoder(EncoderFile.read(file), file, false);
        } finally {
            Files.delete(file);
        }
        int size = input.shape().pixels();
        pixels = new float[images.count() * size];
        for (int i = 0; i < images.count(); i++) {
            input.copy(i, pixels, i * size);
        }
        javaBatch = new float[BATCH * size];
    }

    /** The Java encoder on {@code count} images from {@code first}, copied out as LibTorch's encoder copies them in. */
    private byte[] javaEncode(int first, int count) {
        int size = javaBatch.length / BATCH;
        System.arraycopy(pixels, first * size, javaBatch, 0, count * size);
        return javaEncoder.encode(javaBatch, count);
    }

    private int advance(int count) {
        int first = next + count <= images.count() ? next : 0;
        next = first + count;
        return first;
    }

    @Benchmark
    public void cdcBatch1(Blackhole hole) throws IOException {
        hole.consume(encoder.encode(advance(1), 1));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void cdcBatch256(Blackhole hole) throws IOException {
        hole.consume(encoder.encode(advance(BATCH), BATCH));
    }

    @Benchmark
    public void javaBatch1(Blackhole hole) {
        hole.consume(javaEncode(advance(1), 1));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void javaBatch256(Blackhole hole) {
        hole.consume(javaEncode(advance(BATCH), BATCH));
    }

    @Benchmark
    public void jpeg(Blackhole hole) {
        hole.consume(JpegBaseline.encode(images, advance(1), 0.75f));
    }
}
