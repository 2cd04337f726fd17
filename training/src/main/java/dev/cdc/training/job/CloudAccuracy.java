package dev.cdc.training.job;

import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.pipeline.CodecPassage;
import dev.cdc.training.train.Evaluation;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cloud classifier judged under both protocols: (R) on the raw test images, (C) on the test
 * images through each codec, by k.
 */
public record CloudAccuracy(double raw, Map<Integer, Double> throughCodec) {
    public CloudAccuracy {
        throughCodec = Collections.unmodifiableMap(new TreeMap<>(throughCodec));
    }

    /** The test images through each decoder's encoder, codec and decoder, by k: what (C) tests on. */
    public static Map<Integer, TrainingImages> passages(List<CdcModel> decoders, TrainingImages test) {
        Map<Integer, TrainingImages> passages = new TreeMap<>();
        for (CdcModel model : decoders) {
            passages.put(model.config().bits(), CodecPassage.apply(model, test));
        }
        return passages;
    }

    public static CloudAccuracy measure(Classifier classifier, TrainingImages test, Map<Integer, TrainingImages> passages) {
        Map<Integer, Double> throughCodec = new TreeMap<>();
        passages.forEach((k, images) -> throughCodec.put(k, Evaluation.accuracy(classifier, images)));
        return new CloudAccuracy(Evaluation.accuracy(classifier, test), throughCodec);
    }
}
