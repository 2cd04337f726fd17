package dev.cdc.training.distributed;

import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.nll_loss;

import dev.cdc.training.data.Batch;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.train.Evaluation;
import dev.cdc.training.train.TrainingTask;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Trains a classifier data-parallel: every rank holds the whole model, each global batch is
 * split into contiguous, as-even-as-possible shares (one per rank), each rank's loss is scaled
 * by its share of the batch, and the gradients are summed across ranks in buckets before every
 * rank takes the same Adam step. The sum is then the gradient of the mean loss over the global
 * batch, so (with {@link Classifier.Normalization#GROUP}, which does not couple images of a
 * batch) the model is the one a single process would train on that batch, within floating-point
 * summation order. Dropout masks come from a generator seeded by (seed, step, position in the
 * global batch), for the same reason. With {@link Collective#SINGLE} it is plain training.
 */
public final class DataParallelClassifierTask implements TrainingTask {
    private final String name;
    private final Classifier classifier;
    private final Adam optimizer;
    private final Collective collective;
    private final long seed;
    private final List<Tensor> parameters;
    private final List<List<Tensor>> buckets;

    public DataParallelClassifierTask(String name, Classifier classifier, double learningRate, Collective collective, long seed)
            throws DistributedException {
        this.name = name;
        this.classifier = classifier;
        this.collective = collective;
        this.seed = seed;
        this.optimizer = new Adam(classifier.parameters(), new AdamOptions(learningRate));
        this.parameters = FlatTensors.list(classifier.parameters());
        this.buckets = FlatTensors.buckets(parameters, FlatTensors.BUCKET_BYTES);
        startFromLeadersWeights();
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
    static int shareStart(int n, int world, int rank) {
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
    public Map<String, Double> step(Batch batch) {
        throw new UnsupportedOperationException("a data-parallel step needs the global batch's records, not a built batch");
    }

    @Override
    public Map<String, Double> step(TrainingImages data, int[] order, int start, int end, long step) {
        int n = end - start;
        int from = start + shareStart(n, collective.worldSize(), collective.rank());
        int to = start + shareStart(n, collective.worldSize(), collective.rank() + 1);
        int local = to - from;
        optimizer.zero_grad();
        double lossSum = 0;
        double correct = 0;
        if (local > 0) {
            Batch batch = Batch.of(data, order, from, to);
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
            Tensor totals = Tensor.create(new float[] {(float) lossSum, (float) correct}, 2);
            collective.sum(totals);
            float[] sums = new float[2];
            totals.data_ptr_float().get(sums);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", sums[0] / (double) n);
            metrics.put("accuracy", sums[1] / (double) n);
            return metrics;
        } catch (DistributedException e) {
            throw new UncheckedIOException(e);
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
            SplittableRandom random = new SplittableRandom(mix(seed, step, first + r));
            for (int u = 0; u < units; u++) {
                mask[r * units + u] = random.nextDouble() >= p ? keep : 0f;
            }
        }
        return Tensor.create(mask, rows, units);
    }

    private static long mix(long seed, long step, long row) {
        long h = seed * 0x9E3779B97F4A7C15L + step;
        return h * 0xBF58476D1CE4E5B9L + row;
    }
}
