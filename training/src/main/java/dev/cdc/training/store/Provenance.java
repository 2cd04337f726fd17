package dev.cdc.training.store;

import java.util.Map;

/**
 * Where a saved model came from, so that a file found later says how to reproduce it.
 *
 * @param dataset    data set and split it was trained on, e.g. {@code mnist/train}
 * @param seed       the run's seed
 * @param settings   training settings by name (lambda, epochs, learning rate, ...)
 * @param parent     fingerprint of the model it was fine-tuned from; null for a fresh run
 * @param cdc        cdc version
 * @param libtorch   LibTorch presets version
 * @param java       Java version
 * @param createdUtc ISO-8601 time of saving
 */
public record Provenance(String dataset, long seed, Map<String, Object> settings, String parent, String cdc,
        String libtorch, String java, String createdUtc) {
}
