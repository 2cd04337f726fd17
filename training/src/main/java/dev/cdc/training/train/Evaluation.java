package dev.cdc.training.train;

import static org.bytedeco.pytorch.global.torch.argmax;

import dev.cdc.training.data.Batch;
import dev.cdc.training.data.Shuffle;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.Classifier;
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

    /** Fraction of {@code data} classified correctly. */
    public static double accuracy(Classifier classifier, TrainingImages data) {
        boolean wasTraining = classifier.is_training();
        classifier.eval();
        int[] order = Shuffle.identity(data.count());
        long right = 0;
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int start = 0; start < data.count(); start += BATCH) {
                try (PointerScope scope = new PointerScope()) {
                    Batch batch = Batch.of(data, order, start, Math.min(start + BATCH, data.count()));
                    right += correct(classifier.forward(batch.images()), batch.labels());
                }
            }
        }
        classifier.train(wasTraining);
        return data.count() == 0 ? 0 : (double) right / data.count();
    }
}
