package dev.cdc.training.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import dev.cdc.training.Fixtures;
import dev.cdc.training.data.Augmentation;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.distributed.Collective;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.pipeline.ShardEncoder;
import dev.cdc.training.train.AutoencoderTraining;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.FitOptions;
import dev.cdc.training.train.Guidance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloud's job over shards that two pairs of a bundle wrote, as edges at different k would. */
class CloudTrainingJobTest {
    private static final ClassifierRecipe QUICK = ClassifierRecipe.cloud(Augmentation.NONE).withEpochs(15).withBatchSize(20);
    @TempDir
    Path dir;

    private static CdcModel trained(TrainingImages data, int bits) {
        CdcModel model = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, bits), bits);
        AutoencoderTraining.train(model, data, Guidance.of(Guidance.Kind.CE, 0.1), false, AutoencoderTraining.LEARNING_RATE,
                new FitOptions(6, 20, 1), List.of());
        return model;
    }

    @Test
    void shardsOfEveryPairAreDecodedByTheirOwnPairAndTheClassifierIsJudgedThroughEachCodec() throws IOException {
        TrainingImages data = Fixtures.bars(90, 1);
        CdcModel two = trained(data, 2);
        CdcModel four = trained(data, 4);
        Path a = dir.resolve("edge-a.cdc");
        Path b = dir.resolve("edge-b.cdc");
        ShardEncoder.encode(two, data, a, "bars/train", 40, n -> {
        });
        ShardEncoder.encode(four, data, b, "bars/train", 40, n -> {
        });
        List<String> warnings = new ArrayList<>();
        CloudTrainingJob.Trained trained = CloudTrainingJob.run(List.of(two, four), List.of(a, b), 3,
                new CloudTrainingJob.Settings("cloud", QUICK, 1, false), Collective.SINGLE, List.of(), warnings::add);

        assertEquals(180, trained.records());
        assertEquals(Files.size(a) + Files.size(b), trained.shardBytes(), "the upload is the shards' real size");
        assertEquals(15L * 9, trained.steps(), "15 epochs of 180 records in batches of 20");
        assertTrue(warnings.isEmpty() && trained.warnings().isEmpty(), warnings.toString());

        TrainingImages test = Fixtures.bars(60, 99);
        Map<Integer, TrainingImages> passages = CloudAccuracy.passages(List.of(two, four), test);
        assertEquals(Set.of(2, 4), passages.keySet());
        CloudAccuracy accuracy = CloudAccuracy.measure(trained.classifier(), test, passages);
        assertTrue(accuracy.raw() > 0.9, "the bars stay easy to tell apart after coding: " + accuracy);
        // Six epochs of 90 images make a weak 2-bit codec; (C) must still be far above chance (1/3) for both pairs.
        assertTrue(accuracy.throughCodec().get(2) > 0.6 && accuracy.throughCodec().get(4) > 0.6, accuracy.toString());
    }

    @Test
    void shardsWithNoRecordsAreRefusedWithOneLine() throws IOException {
        TrainingImages data = Fixtures.bars(30, 1);
        CdcModel two = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 2), 1);
        Path empty = dir.resolve("empty.cdc");
        ShardEncoder.encode(two, Fixtures.bars(0, 1), empty, "bars/train", 40, n -> {
        });
        CdcFormatException e = assertThrows(CdcFormatException.class, () -> CloudTrainingJob.run(List.of(two), List.of(empty), 3,
                new CloudTrainingJob.Settings("cloud", QUICK, 1, false), Collective.SINGLE, List.of(), w -> {
                }));
        assertTrue(e.getMessage().contains("no complete records"), e.getMessage());
    }
}
