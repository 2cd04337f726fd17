package dev.cdc.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.shard.ShardFormatException;
import dev.cdc.training.Fixtures;
import dev.cdc.training.data.Augmentation;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.pipeline.ShardDecoder;
import dev.cdc.training.pipeline.ShardEncoder;
import dev.cdc.training.train.AutoencoderTraining;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.ClassifierTraining;
import dev.cdc.training.train.Evaluation;
import dev.cdc.training.train.FitOptions;
import dev.cdc.training.train.Guidance;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edge encode to a shard and cloud decode from it, with the checks the cloud must make. */
class PipelineTest {
    @TempDir
    Path dir;

    @Test
    void shardBytesAreWhatTheCodecSaysAndDecodingTrainsAClassifier() throws IOException {
        TrainingImages data = Fixtures.bars(120, 1);
        CdcModel model = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 2), 1);
        AutoencoderTraining.train(model, data, Guidance.of(Guidance.Kind.CE, 0.1), false, AutoencoderTraining.LEARNING_RATE, new FitOptions(8, 20, 1), List.of());
        Path shard = dir.resolve("s.cdc");
        long bytes = ShardEncoder.encode(model, data, shard, "bars/train", 50, n -> {
        });
        // 2 x 3 x 3 latent at 2 bits = 36 bits = 5 bytes, plus 1 label byte, per record; 3 chunks of framing; header
        assertEquals(Files.size(shard), bytes);
        assertTrue(bytes >= 120 * 6 && bytes < 120 * 6 + 3 * 20 + 200, "shard bytes " + bytes);

        ShardDecoder.Decoded decoded = ShardDecoder.decode(model, List.of(shard), w -> {
        });
        assertEquals(120, decoded.records());
        assertEquals(data.label(7), decoded.images().label(7));
        Classifier cloud = ClassifierTraining.train("cloud", ClassifierRecipe.cloud(Augmentation.NONE).withEpochs(20).withBatchSize(20),
                decoded.images(), 3, 1, List.of());
        double accuracy = Evaluation.accuracy(cloud, Fixtures.bars(60, 99));
        assertTrue(accuracy > 0.9, "the bars are easy to tell apart even after 2-bit coding: " + accuracy);
    }

    @Test
    void theCloudRefusesShardsItHasNoDecoderForAndKeepsCompleteChunksOfATornOne() throws IOException {
        TrainingImages data = Fixtures.bars(60, 1);
        CdcModel model = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 2), 1);
        Path shard = dir.resolve("s.cdc");
        ShardEncoder.encode(model, data, shard, "bars/train", 25, n -> {
        });

        CdcModel other = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 2), 2);
        ShardFormatException foreign = assertThrows(ShardFormatException.class,
                () -> ShardDecoder.decode(other, List.of(shard), w -> {
                }));
        assertTrue(foreign.getMessage().contains("no decoder"), foreign.getMessage());

        CdcModel wrongK = model.copyWithBits(4);
        ShardFormatException k = assertThrows(ShardFormatException.class,
                () -> ShardDecoder.decode(wrongK, List.of(shard), w -> {
                }));
        assertTrue(k.getMessage().contains("wrong k") && k.getMessage().contains("k=4"), k.getMessage());

        try (RandomAccessFile raf = new RandomAccessFile(shard.toFile(), "rw")) {
            raf.setLength(raf.length() - 3);
        }
        List<String> warnings = new ArrayList<>();
        ShardDecoder.Decoded partial = ShardDecoder.decode(model, List.of(shard), warnings::add);
        assertEquals(50, partial.records(), "two complete chunks of 25 survive");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("torn"), warnings.get(0));
    }
}
