package dev.cdc.training.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The stages of training a model, in order; a checkpoint names the one in progress. */
public enum TrainingStage {
    /** The guidance classifier on raw images. */
    GUIDANCE("guidance"),
    /** The autoencoder, guided, with k-bit quantization in the loop. */
    AUTOENCODER("autoencoder"),
    /** Nothing left: a finished model. */
    DONE("done");

    private final String id;

    TrainingStage(String id) {
        this.id = id;
    }

    /** How model files name the stage. */
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static TrainingStage fromId(String id) {
        for (TrainingStage stage : values()) {
            if (stage.id.equals(id)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("stage '" + dev.cdc.core.text.Printable.of(String.valueOf(id)) + "' is not one of "
                + Arrays.stream(values()).map(s -> s.id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
