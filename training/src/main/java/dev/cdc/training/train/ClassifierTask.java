package dev.cdc.training.train;

import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.nll_loss;

import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.Augmentation;
import dev.cdc.training.data.Batch;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.distributed.Collective;
import dev.cdc.training.distributed.DistributedException;
import dev.cdc.training.distributed.FlatTensors;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.Gradients;
import dev.cdc.training.model.Tensors;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Trains a classifier with cross-entropy and Adam, alone or data-parallel. Data-parallel, every
 * rank holds the whole model, each global batch is split into contiguous, as-even-as-possible
 * shares (one per rank), each rank's loss is scaled by its share of the batch, and the
 * gradients are summed across ranks in buckets before every rank takes the same Adam step. The
 * sum is then the gradient of the mean loss over the global batch, so (with a normalisation that
 * does not couple the images of a batch) the model is the one a single process would train on
 * that batch, within floating-point summation order. Dropout masks and augmentation come from
 * generators seeded by (seed, step, position in the global batch), for the same reason, and so
 * that a resumed run and runs on several threads at once train the same model.
 */
public final class ClassifierTask implements TrainingTask {
    private static final long DROPOUT_STREAM = 0x5DEECE66DL;
    private static final long AUGMENT_STREAM = 0x2545F4914F6CDD1DL;
    private final String name;
    private final Classifier classifier;
    private final Adam optimizer;
    private final LearningRateSchedule schedule;
    private final Augmentation augmentation;
    private final Collective collective;
    private final long seed;
    private final List<Tensor> parameters;
    private final List<List<Tensor>> buckets;
    private final ComputeDevice device;

    public ClassifierTask(String name, Classifier classifier, LearningRateSchedule schedule, Augmentation augmentation,
            Collective collective, long seed) throws DistributedException {
        this.name = name;
        this.classifier = classifier;
        this.schedule = schedule;
        this.augmentation = augmentation;
        this.collective = collective;
        this.seed = seed;
        this.device = ComputeDevice.of(classifier);
        Gradients.setRequired(classifier, true);  // it may have served as a frozen guide before
        this.optimizer = new Adam(classifier.parameters(), new AdamOptions(schedule.base()));
        this.parameters = FlatTensors.list(classifier.parameters());
        this.buckets = FlatTensors.buckets(parameters, FlatTensors.BUCKET_BYTES);
        startFromLeadersWeights();
    }

    /** One process, constant rate, no augmentation: the plain task. */
    public static ClassifierTask plain(String name, Classifier classifier, double learningRate, long seed) {
        try {
            return new ClassifierTask(name, classifier, LearningRateSchedule.constant(learningRate), Augmentation.NONE,
                    Collective.SINGLE, seed);
        } catch (DistributedException e) {
            throw new IllegalStateException("a single process has no peers to fail", e);
        }
    }

    public Adam optimizer() {
        return optimizer;
    }

    /** Every rank starts from rank 0's weights and buffers, whatever its own initialisation did. */
    private void startFromLeadersWeights() throws DistributedException {
        if (collective.worldSize() == 1) {
            return;
        }
        List<Tensor> state = new ArrayList<>(parameters);
        state.addAll(FlatTensors.list(classifier.buffers()));
        for (List<Tensor> bucket : FlatTensors.buckets(state, FlatTensors.BUCKET_BYTES)) {
            Tensor flat = FlatTensors.pack(bucket);
            collective.broadcastFromLeader(flat);
            FlatTensors.unpack(flat, bucket);
        }
    }

    /** Where rank {@code rank}'s share of a batch of {@code n} records starts (rank = world size: the end). */
    public static int shareStart(int n, int world, int rank) {
        return (int) ((long) n * rank / world);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setTraining(boolean training) {
        classifier.train(training);
    }

    @Override
    public Metrics step(TrainingImages data, int[] order, int start, int end, long step) {
        int n = end - start;
        int from = start + shareStart(n, collective.worldSize(), collective.rank());
        int to = start + shareStart(n, collective.worldSize(), collective.rank() + 1);
        int local = to - from;
        schedule.apply(optimizer, step);
        optimizer.zero_grad();
        double lossSum = 0;
        double correct = 0;
        if (local > 0) {
            Batch batch = Batch.of(data, order, from, to, (pixels, offset, row) -> augment(pixels, offset, data, step,
                    from - start + row)).on(device);
            Tensor logits = classifier.forward(batch.images(), dropoutMask(step, from - start, local));
            Tensor loss = nll_loss(log_softmax(logits, 1), batch.labels());
            loss.mul(new Scalar((double) local / n)).backward();
            lossSum = loss.item_float() * (double) local;
            correct = Evaluation.correct(logits, batch.labels());
        } else {
            // No share of this (short, last) batch: contribute zero gradients, still defined.
            Tensor zero = parameters.get(0).sum().mul(new Scalar(0.0));
            for (int i = 1; i < parameters.size(); i++) {
                zero = zero.add(parameters.get(i).sum().mul(new Scalar(0.0)));
            }
            zero.backward();
        }
        try {
            sumGradients();
            optimizer.step();
            Tensor totals = device.place(Tensor.create(new float[] {(float) lossSum, (float) correct}, 2));
            collective.sum(totals);
            float[] sums = Tensors.toFloats(totals);
            return Metrics.loss(sums[0] / (double) n).with("accuracy", sums[1] / (double) n);
        } catch (DistributedException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void augment(float[] pixels, int offset, TrainingImages data, long step, int position) {
        if (!augmentation.isNone()) {
            augmentation.apply(pixels, offset, data.shape(), new SplittableRandom(mix(seed ^ AUGMENT_STREAM, step, position)));
        }
    }

    private void sumGradients() throws DistributedException {
        if (collective.worldSize() == 1) {
            return;
        }
        for (List<Tensor> bucket : buckets) {
            List<Tensor> grads = new ArrayList<>(bucket.size());
            for (Tensor p : bucket) {
                grads.add(p.grad());
            }
            Tensor flat = FlatTensors.pack(grads);
            collective.sum(flat);
            FlatTensors.unpack(flat, grads);
        }
    }

    /** The dropout mask of rows {@code [first, first + rows)} of this step's global batch, scaled by 1 / (1 - p). */
    private Tensor dropoutMask(long step, int first, int rows) {
        double p = classifier.dropoutRate();
        if (p <= 0) {
            return null;
        }
        int units = classifier.hiddenUnits();
        float keep = (float) (1 / (1 - p));
        float[] mask = new float[rows * units];
        for (int r = 0; r < rows; r++) {
            SplittableRandom random = new SplittableRandom(mix(seed ^ DROPOUT_STREAM, step, first + r));
            for (int u = 0; u < units; u++) {
                mask[r * units + u] = random.nextDouble() >= p ? keep : 0f;
            }
        }
        return device.place(Tensor.create(mask, rows, units));
    }

    private static long mix(long seed, long step, long row) {
        long h = seed * 0x9E3779B97F4A7C15L + step;
        return h * 0xBF58476D1CE4E5B9L + row;
    }
}
