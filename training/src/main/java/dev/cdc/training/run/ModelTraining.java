package dev.cdc.training.run;

import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.distributed.Collective;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.store.ModelFormatException;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.OptimizerState;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.store.TrainingStage;
import dev.cdc.training.store.TrainingState;
import dev.cdc.training.train.AutoencoderTask;
import dev.cdc.training.train.CheckpointListener;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.ClassifierTask;
import dev.cdc.training.train.FitOptions;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.LearningRateSchedule;
import dev.cdc.training.train.Trainer;
import dev.cdc.training.train.TrainingListener;
import dev.cdc.training.train.TrainingPosition;
import dev.cdc.training.train.TrainingTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Optimizer;

/**
 * {@code cdc train} and {@code cdc finetune} as a resumable job: the guidance stage, then the
 * autoencoder stage, with a checkpoint (model, optimizer, stage and position) written atomically
 * every few steps and at every epoch end. A run killed at any point resumes from its last
 * checkpoint and reaches the same model it would have reached.
 *
 * @param guidance     what the guide asks of the decoded images, and how much
 * @param guideRecipe  how the guide is trained on raw images; 0 epochs skips the stage (fine-tunes keep their guide)
 */
public record ModelTraining(TrainingImages data, Guidance guidance, boolean trainGuidance, ClassifierRecipe guideRecipe,
        int autoencoderEpochs, double learningRate, int batchSize, long seed, Path checkpoint, int checkpointEverySteps,
        List<TrainingListener> listeners) {

    /** Trains {@code model} from {@code state} on; returns the trained model. */
    public CdcModel run(CdcModel model, TrainingState state, byte[] optimizerState, Provenance provenance) throws IOException {
        if (state.stage() == TrainingStage.GUIDANCE && !guideRecipe.spec().equals(model.guidance().spec())) {
            throw new IllegalArgumentException("the guide recipe's classifier " + guideRecipe.spec()
                    + " is not the model's guide " + model.guidance().spec());
        }
        TrainingStage stage = state.stage();
        TrainingPosition position = new TrainingPosition(state.epoch(), state.batch());
        if (stage == TrainingStage.GUIDANCE) {
            ClassifierTask task = new ClassifierTask("guidance classifier (raw)", model.guidance(),
                    guideRecipe.schedule(data.count()), guideRecipe.augmentation(), Collective.SINGLE, seed);
            restore(task.optimizer(), optimizerState);
            fit(task, model, task.optimizer(), guideRecipe.epochs(), guideRecipe.batchSize(), position, TrainingStage.GUIDANCE, provenance);
            stage = TrainingStage.AUTOENCODER;
            position = TrainingPosition.START;
            optimizerState = null;
        }
        if (stage == TrainingStage.AUTOENCODER) {
            long steps = (long) autoencoderEpochs * ((data.count() + batchSize - 1) / batchSize);
            AutoencoderTask task = new AutoencoderTask(model, guidance, trainGuidance,
                    LearningRateSchedule.cosine(learningRate, steps));
            restore(task.optimizer(), optimizerState);
            fit(task, model, task.optimizer(), autoencoderEpochs, batchSize, position, TrainingStage.AUTOENCODER, provenance);
        }
        return model;
    }

    private void fit(TrainingTask task, CdcModel model, Optimizer optimizer, int epochs, int batch,
            TrainingPosition from, TrainingStage stage, Provenance provenance) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(new CheckpointListener((name, next) -> ModelStore.saveModel(checkpoint, model, provenance,
                new TrainingState(stage, next.epoch(), next.batch()), OptimizerState.save(optimizer)), checkpointEverySteps));
        new Trainer(all).fit(task, data, new FitOptions(epochs, batch, seed), from);
    }

    private void restore(Optimizer optimizer, byte[] state) throws IOException {
        if (state != null) {
            OptimizerState.load(optimizer, state, checkpoint);
        }
    }

    /** The checkpoint to resume from, or a clear error when resuming was not asked for. */
    public static ModelStore.SavedModel checkpointToResume(Path checkpoint, boolean resume) throws IOException {
        if (!Files.exists(checkpoint)) {
            if (resume) {
                throw new ModelFormatException(checkpoint, "no checkpoint to resume from");
            }
            return null;
        }
        if (!resume) {
            throw new ModelFormatException(checkpoint, "a checkpoint of an earlier run exists: pass --resume to continue it,"
                    + " or remove it to start over");
        }
        return ModelStore.loadModel(checkpoint);
    }
}
