package dev.cdc.training.train;

import static org.bytedeco.pytorch.global.torch.argmax;

import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.Batch;
import dev.cdc.training.data.Shuffle;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.Classifier;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Accuracy of a classifier, in evaluation mode and without gradients. */
public final class Evaluation {
    private static final int BATCH = 500;

    private Evaluation() {
    }

    /** Number of rows of {@code logits} whose arg-max is the label. */
    public static long correct(Tensor logits, Tensor labels) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor predicted = argmax(logits, new LongOptional(1), false);
            return predicted.eq(labels).sum().item_long();
        }
    }

    /** Of each class (by label), how many images there were and how many were classified correctly. */
    public record Tally(long[] images, long[] correct) {
        /** The fraction of all images classified correctly; 0 for none. */
        public double accuracy() {
            long all = Arrays.stream(images).sum();
            return all == 0 ? 0 : (double) Arrays.stream(correct).sum() / all;
        }

        /** The fraction of class {@code label}'s images classified correctly; NaN when it had none. */
        public double accuracy(int label) {
            return images[label] == 0 ? Double.NaN : (double) correct[label] / images[label];
        }
    }

    /** Fraction of {@code data} classified correctly. */
    public static double accuracy(Classifier classifier, TrainingImages data) {
        return tally(classifier, data).accuracy();
    }

    /** How {@code classifier} does on each class of {@code data}. */
    public static Tally tally(Classifier classifier, TrainingImages data) {
        boolean wasTraining = classifier.is_training();
        classifier.eval();
        ComputeDevice device = ComputeDevice.of(classifier);
        int[] order = Shuffle.identity(data.count());
        long[] images = new long[data.classes()];
        long[] correct = new long[data.classes()];
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int start = 0; start < data.count(); start += BATCH) {
                int end = Math.min(start + BATCH, data.count());
                try (PointerScope scope = new PointerScope()) {
                    Batch batch = Batch.of(data, order, start, end).on(device);
                    Tensor predicted = argmax(classifier.forward(batch.images()), new LongOptional(1), false).cpu().contiguous();
                    long[] predictions = new long[end - start];
                    predicted.data_ptr_long().get(predictions);
                    for (int i = start; i < end; i++) {
                        int label = data.label(i);
                        images[label]++;
                        correct[label] += predictions[i - start] == label ? 1 : 0;
                    }
                }
            }
        }
        classifier.train(wasTraining);
        return new Tally(images, correct);
    }
}
