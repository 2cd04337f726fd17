package dev.cdc.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A validation split held out of a training set, stratified (every class gives the same share,
 * up to rounding) and seeded, so choices made on it (guidance, lambda, latent) never look at the
 * test set and are reproducible.
 *
 * @param train       what is left to train on, in the original order
 * @param validation  the held-out images, in the original order
 */
public record ValidationSplit(ImageSet train, ImageSet validation) {

    /** Holds out about {@code validationCount} images of {@code set}, the same share of each class. */
    public static ValidationSplit of(ImageSet set, int validationCount, long seed) {
        if (validationCount < 1 || validationCount >= set.count()) {
            throw new IllegalArgumentException("a validation split of " + validationCount + " images is not valid for "
                    + set.count() + " images: expected 1.." + (set.count() - 1));
        }
        double share = (double) validationCount / set.count();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < set.classes().size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < set.count(); i++) {
            byClass.get(set.labels()[i]).add(i);
        }
        boolean[] held = new boolean[set.count()];
        SplittableRandom random = new SplittableRandom(seed);
        for (List<Integer> members : byClass) {
            int take = (int) Math.round(members.size() * share);
            // A partial Fisher-Yates shuffle: the first `take` members, drawn without replacement.
            for (int i = 0; i < take; i++) {
                int j = i + random.nextInt(members.size() - i);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
                held[members.get(i)] = true;
            }
        }
        int heldCount = 0;
        for (boolean h : held) {
            heldCount += h ? 1 : 0;
        }
        int[] trainIndices = new int[set.count() - heldCount];
        int[] validationIndices = new int[heldCount];
        int t = 0;
        int v = 0;
        for (int i = 0; i < set.count(); i++) {
            if (held[i]) {
                validationIndices[v++] = i;
            } else {
                trainIndices[t++] = i;
            }
        }
        return new ValidationSplit(set.select(trainIndices), set.select(validationIndices));
    }
}
