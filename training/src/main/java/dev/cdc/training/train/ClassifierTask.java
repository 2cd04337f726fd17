package dev.cdc.training.train;

import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.nll_loss;

import dev.cdc.training.data.Batch;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.Gradients;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Tensor;

/** Trains a classifier with cross-entropy and Adam. */
public final class ClassifierTask implements TrainingTask {
    private final String name;
    private final Classifier classifier;
    private final Adam optimizer;

    public ClassifierTask(String name, Classifier classifier, double learningRate) {
        this.name = name;
        this.classifier = classifier;
        Gradients.setRequired(classifier, true);  // it may have served as a frozen guide before
        this.optimizer = new Adam(classifier.parameters(), new AdamOptions(learningRate));
    }

    public Adam optimizer() {
        return optimizer;
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
        optimizer.zero_grad();
        Tensor logits = classifier.forward(batch.images());
        Tensor loss = nll_loss(log_softmax(logits, 1), batch.labels());
        loss.backward();
        optimizer.step();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", (double) loss.item_float());
        metrics.put("accuracy", Evaluation.correct(logits, batch.labels()) / (double) batch.size());
        return metrics;
    }
}
