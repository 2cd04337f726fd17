package dev.cdc.cli;

import dev.cdc.core.data.ClassNames;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.core.text.Printable;
import java.nio.file.Path;
import java.util.List;

/**
 * A data set's labels brought to the classes a model, bundle or classifier was trained on, so
 * that an edge folder holding only some of the classes still uploads the right labels, and data
 * of other classes is refused before anything is written.
 */
final class ClassFit {
    private ClassFit() {
    }

    /**
     * {@code data} labelled as {@code trained}'s classes; where the model only numbered its classes
     * and the data names as many others, the data's names are kept.
     *
     * @throws UsageException naming the model file, the data set and the classes that do not fit
     */
    static ImageSet align(ImageSet data, List<String> trained, Object trainedFile, String dataName) {
        int[] map;
        try {
            map = ClassNames.labelMap(trained, data.classes());
        } catch (IllegalArgumentException e) {
            throw new UsageException(trainedFile + " was " + e.getMessage() + " (" + Printable.of(dataName)
                    + "): expected images of those classes");
        }
        boolean keepDataNames = ClassNames.isNumbered(trained) && data.classes().size() == trained.size()
                && !trained.containsAll(data.classes());
        return keepDataNames ? data : data.labelledAs(trained, map);
    }

    /**
     * {@code data} labelled as the LibTorch-free encoder {@code model}'s classes, checked to be of
     * the image shape it takes.
     *
     * @throws UsageException naming the model file and what does not fit
     */
    static ImageSet forEncoder(ImageSet data, EncoderFile model, Path modelFile, String dataName) {
        ImageSet set = align(data, model.classNames(), modelFile, dataName);
        if (set.channels() != model.channels() || set.height() != model.height() || set.width() != model.width()) {
            throw new UsageException(modelFile + " takes " + model.channels() + "x" + model.height() + "x" + model.width()
                    + " images but " + dataName + " has " + set.channels() + "x" + set.height() + "x" + set.width());
        }
        return set;
    }
}
