package dev.cdc.bench;

import dev.cdc.core.baseline.JpegBaseline;
import dev.cdc.core.data.DataDirectory;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.pipeline.ChunkEncoder;
import java.io.IOException;
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
 * encoder forward plus quantize-and-pack at batch 1 and 256, against ImageIO JPEG at quality
 * 0.75, one LibTorch thread. Images per second.
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
    private int next;

    @Setup
    public void setUp() throws IOException {
        torch.set_num_threads(1);
        images = KnownDataset.fromId("mnist").readTest(DataDirectory.resolve());
        TrainingImages input = TrainingImages.of(images);
        CdcModel model = CdcModel.create(new ModelConfig(input.shape(), input.classes(), 2, 32, 2), 1);
        encoder = new ChunkEncoder(model, input);
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
    public void jpeg(Blackhole hole) {
        hole.consume(JpegBaseline.encode(images, advance(1), 0.75f));
    }
}
