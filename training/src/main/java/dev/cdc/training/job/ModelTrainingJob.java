package dev.cdc.training.job;

import dev.cdc.core.modelfile.ModelFormatException;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.Augmentation;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.distributed.Collective;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.OptimizerState;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.store.TrainingStage;
import dev.cdc.training.store.TrainingState;
import dev.cdc.training.train.AutoencoderTask;
import dev.cdc.training.train.AutoencoderTraining;
import dev.cdc.training.train.CheckpointListener;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.ClassifierTask;
import dev.cdc.training.train.FitOptions;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.LearningRateSchedule;
import dev.cdc.training.train.RateTerm;
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
 */
public final class ModelTrainingJob {
    /**
     * What to train. The values every run must choose are in the constructor; the others start at
     * the defaults named on their {@code with} methods.
     */
    public static final class Settings {
        private final Guidance guidance;
        private final int autoencoderEpochs;
        private final int batchSize;
        private final long seed;
        private ClassifierRecipe guideRecipe = ClassifierRecipe.guide(Augmentation.NONE).withEpochs(0);
        private boolean trainGuidance;
        private double learningRate = AutoencoderTraining.LEARNING_RATE;
        private int checkpointEverySteps = 200;
        private ComputeDevice device = ComputeDevice.CPU;
        private double rateWeight;

        /**
         * @param guidance          what the guide asks of the decoded images, and how much
         * @param autoencoderEpochs epochs of the autoencoder stage
         * @param batchSize         the autoencoder's batch
         * @param seed              weights' and sample orders' seed
         */
        public Settings(Guidance guidance, int autoencoderEpochs, int batchSize, long seed) {
            if (autoencoderEpochs < 0 || batchSize < 1) {
                throw new IllegalArgumentException("epochs " + autoencoderEpochs + " and batch " + batchSize
                        + " are not valid: expected at least 0 and 1");
            }
            this.guidance = guidance;
            this.autoencoderEpochs = autoencoderEpochs;
            this.batchSize = batchSize;
            this.seed = seed;
        }

        /** How the guide is trained on raw images first (default: 0 epochs, no guidance stage, as a fine-tune keeps its guide). */
        public Settings withGuideRecipe(ClassifierRecipe recipe) {
            this.guideRecipe = recipe;
            return this;
        }

        /** Whether the guide keeps learning during the autoencoder stage (default: false, frozen). */
        public Settings withTrainGuidance(boolean train) {
            this.trainGuidance = train;
            return this;
        }

        /** The autoencoder's starting rate (default: {@link AutoencoderTraining#LEARNING_RATE}). */
        public Settings withLearningRate(double rate) {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("learning rate " + rate + " is not valid: expected a positive rate");
            }
            this.learningRate = rate;
            return this;
        }

        /** Steps between checkpoints besides every epoch's end (default: 200). */
        public Settings withCheckpointEvery(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("a checkpoint every " + steps + " steps is not valid: expected at least 1");
            }
            this.checkpointEverySteps = steps;
            return this;
        }

        /** Where the model trains (default: the CPU). Checkpoints do not depend on it. */
        public Settings withDevice(ComputeDevice device) {
            this.device = device;
            return this;
        }

        /** The rate term's weight in the autoencoder's loss ({@link dev.cdc.training.train.RateTerm}; default: 0, none). */
        public Settings withRateWeight(double weight) {
            this.rateWeight = RateTerm.checkedWeight(weight);
            return this;
        }

        public ClassifierRecipe guideRecipe() {
            return guideRecipe;
        }
    }

    private final Settings settings;
    private final Path checkpoint;
    private final List<TrainingListener> listeners;

    /** {@code checkpoint} is where checkpoints go (and a resumed run's came from); {@code listeners} hear every stage. */
    public ModelTrainingJob(Settings settings, Path checkpoint, List<TrainingListener> listeners) {
        this.settings = settings;
        this.checkpoint = checkpoint;
        this.listeners = List.copyOf(listeners);
    }

    /** The state a new run of these settings starts from: the guidance stage when it has epochs, else the autoencoder's. */
    public TrainingState firstState() {
        return TrainingState.startOf(settings.guideRecipe.epochs() > 0 ? TrainingStage.GUIDANCE : TrainingStage.AUTOENCODER);
    }

    /** Trains {@code model} on {@code data} from {@code state} on, on the settings' device; returns the trained model, left there. */
    public CdcModel run(TrainingImages data, CdcModel model, TrainingState state, byte[] optimizerState, Provenance provenance)
            throws IOException {
        model.moveTo(settings.device);
        ClassifierRecipe guideRecipe = settings.guideRecipe;
        long seed = settings.seed;
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
            fit(task, data, model, task.optimizer(), guideRecipe.epochs(), guideRecipe.batchSize(), position, TrainingStage.GUIDANCE,
                    provenance);
            stage = TrainingStage.AUTOENCODER;
            position = TrainingPosition.START;
            optimizerState = null;
        }
        if (stage == TrainingStage.AUTOENCODER) {
            int batchSize = settings.batchSize;
            long steps = (long) settings.autoencoderEpochs * ((data.count() + batchSize - 1) / batchSize);
            AutoencoderTask task = new AutoencoderTask(model, settings.guidance, settings.trainGuidance,
                    LearningRateSchedule.cosine(settings.learningRate, steps), settings.rateWeight);
            restore(task.optimizer(), optimizerState);
            fit(task, data, model, task.optimizer(), settings.autoencoderEpochs, batchSize, position, TrainingStage.AUTOENCODER,
                    provenance);
        }
        return model;
    }

    private void fit(TrainingTask task, TrainingImages data, CdcModel model, Optimizer optimizer, int epochs, int batch,
            TrainingPosition from, TrainingStage stage, Provenance provenance) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(new CheckpointListener((name, next) -> ModelStore.saveModel(checkpoint, model, provenance,
                new TrainingState(stage, next.epoch(), next.batch()), OptimizerState.save(optimizer)), settings.checkpointEverySteps));
        new Trainer(all).fit(task, data, new FitOptions(epochs, batch, settings.seed), from);
    }

    private void restore(Optimizer optimizer, byte[] state) throws IOException {
        if (state != null) {
            OptimizerState.load(optimizer, state, checkpoint, settings.device);
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
