package dev.cdc.core.data;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.text.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Where a command's images come from, named the same way on every command: a packaged data set
 * ({@code mnist}, {@code fashion-mnist}), a folder of images ({@code folder:PATH}, or a path to a
 * directory), or CIFAR-10 binary batches ({@code cifar10:PATH}).
 *
 * <p>A folder holds either {@code train/} and {@code test/}, each with one subfolder per class (the
 * layout of torchvision's {@code ImageFolder}), or the class subfolders directly; then a seeded,
 * stratified share of each class ({@link #TEST_FRACTION}) is the test split, the same on every
 * machine and every run.
 */
public sealed interface DatasetSource {
    /** The share of each class that a folder without train/ and test/ sets aside for testing. */
    double TEST_FRACTION = 0.2;
    /** The seed of that split: fixed, so that train and test never overlap between commands. */
    long SPLIT_SEED = 20200707L;

    /** The images of one split; {@code warn} hears what was ignored or skipped on the way. */
    ImageSet read(Path dataRoot, Split split, Consumer<String> warn) throws IOException;

    /** The images of one split, warnings dropped. */
    default ImageSet read(Path dataRoot, Split split) throws IOException {
        return read(dataRoot, split, warning -> { });
    }

    /** A short name safe in file names, shard ids and provenance (a packaged id, or the folder's name). */
    String label();

    /** The packaged data set this is, for its tuned defaults; null for the user's own data. */
    default KnownDataset packaged() {
        return null;
    }

    /**
     * The same images resized (bilinear) and converted to {@code target}; only a folder's images
     * can be, since the other sets have one size by definition.
     *
     * @throws IllegalArgumentException for a data set that is not a folder
     */
    default DatasetSource resizedTo(Target target) {
        throw new IllegalArgumentException("resizing applies to folders of images (folder:PATH), not to " + label()
                + ", whose images all have one size already");
    }

    /**
     * The same images, skipping those that cannot be decoded instead of failing; only a folder's
     * images can be skipped.
     *
     * @throws IllegalArgumentException for a data set that is not a folder
     */
    default DatasetSource skippingBad() {
        throw new IllegalArgumentException("skipping bad images applies to folders of images (folder:PATH), not to " + label());
    }

    /** The size images are brought to, and their channels (null: 3 if any image has colour, else 1). */
    record Target(int height, int width, Integer channels) {
        public Target {
            if (height < 1 || width < 1 || height > 4096 || width > 4096 || (channels != null && channels != 1 && channels != 3)) {
                throw new IllegalArgumentException("size " + height + "x" + width + (channels == null ? "" : " with " + channels
                        + " channels") + " is not valid: expected 1..4096 x 1..4096 pixels and 1 or 3 channels");
            }
        }
    }

    enum Split {
        TRAIN, TEST;

        public static Split fromId(String id) {
            return switch (id) {
                case "train" -> TRAIN;
                case "test" -> TEST;
                default -> throw new IllegalArgumentException("split '" + Printable.of(id) + "' is not valid: expected train or test");
            };
        }
    }

    /**
     * Parses a data set's name as users write it.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    static DatasetSource parse(String name) {
        if (name.startsWith("folder:")) {
            return new Folder(path(name, "folder:"), null, false);
        }
        if (name.startsWith("cifar10:")) {
            return new Cifar10(path(name, "cifar10:"));
        }
        if (name.startsWith("npy:")) {
            return new Npy(path(name, "npy:"));
        }
        try {
            return new Packaged(KnownDataset.fromId(name));
        } catch (IllegalArgumentException unknown) {
            if (name.contains("/") || name.startsWith(".") || Files.isDirectory(Path.of(name))) {
                return new Folder(Path.of(name), null, false);
            }
            throw new IllegalArgumentException("data set '" + Printable.of(name) + "' is not valid: expected mnist, fashion-mnist,"
                    + " folder:PATH (a folder of class subfolders, or of train/ and test/ with class subfolders)"
                    + ", cifar10:PATH (the cifar-10-batches-bin folder) or npy:PATH (images.npy and labels.npy)");
        }
    }

    private static Path path(String name, String prefix) {
        String path = name.substring(prefix.length());
        if (path.isBlank()) {
            throw new IllegalArgumentException("'" + prefix + "' needs a path after it, e.g. " + prefix + "/data/my-images");
        }
        return Path.of(path);
    }

    /** A data set that cdc fetches from a package into the data directory. */
    record Packaged(KnownDataset dataset) implements DatasetSource {
        @Override
        public ImageSet read(Path dataRoot, Split split, Consumer<String> warn) throws IOException {
            return split == Split.TRAIN ? dataset.readTrain(dataRoot) : dataset.readTest(dataRoot);
        }

        @Override
        public String label() {
            return dataset.id();
        }

        @Override
        public KnownDataset packaged() {
            return dataset;
        }
    }

    /** CIFAR-10's binary batches: {@code data_batch_1..5.bin} and {@code test_batch.bin}. */
    record Cifar10(Path directory) implements DatasetSource {
        @Override
        public ImageSet read(Path dataRoot, Split split, Consumer<String> warn) throws IOException {
            return Cifar10BinaryReader.read(directory, split == Split.TRAIN ? Cifar10BinaryReader.Split.TRAIN
                    : Cifar10BinaryReader.Split.TEST);
        }

        @Override
        public String label() {
            return "cifar10";
        }
    }

    /**
     * Arrays from Python: {@code images.npy} and {@code labels.npy} in {@code train/} and
     * {@code test/}, or in the folder itself with the test split made as for a folder of images.
     */
    record Npy(Path root) implements DatasetSource {
        @Override
        public ImageSet read(Path dataRoot, Split split, Consumer<String> warn) throws IOException {
            Path train = root.resolve("train");
            Path test = root.resolve("test");
            if (NpyImages.present(train) && NpyImages.present(test)) {
                int[] trainLabels = NpyImages.labels(train);
                int[] testLabels = NpyImages.labels(test);
                List<String> classes = NpyImages.classNames(root, List.of(trainLabels, testLabels));
                return split == Split.TRAIN ? NpyImages.read(train, trainLabels, classes) : NpyImages.read(test, testLabels, classes);
            }
            if (!NpyImages.present(root)) {
                throw new CdcFormatException(root, "has no images.npy and labels.npy: expected them in train/ and test/, or here");
            }
            int[] labels = NpyImages.labels(root);
            ImageSet all = NpyImages.read(root, labels, NpyImages.classNames(root, List.of(labels)));
            return all.select(splitIndices(all.labels(), all.classes().size(), split));
        }

        @Override
        public String label() {
            return Folder.safeName(root, "npy");
        }
    }

    /**
     * A folder of images, one subfolder per class, split into train/ and test/ or split here;
     * {@code target} null keeps the images' own size, which must then be one size; with
     * {@code skipBad}, images that cannot be decoded are skipped and counted.
     */
    record Folder(Path root, Target target, boolean skipBad) implements DatasetSource {
        @Override
        public DatasetSource resizedTo(Target to) {
            return new Folder(root, to, skipBad);
        }

        @Override
        public DatasetSource skippingBad() {
            return new Folder(root, target, true);
        }

        @Override
        public ImageSet read(Path dataRoot, Split split, Consumer<String> warn) throws IOException {
            Path train = root.resolve("train");
            Path test = root.resolve("test");
            boolean presplit = Files.isDirectory(train) && Files.isDirectory(test);
            ImageFolderReader sized = target == null ? ImageFolderReader.matchingFirst()
                    : ImageFolderReader.resizing(target.height(), target.width(), target.channels());
            ImageFolderReader reader = skipBad ? sized.skippingBad() : sized;
            if (presplit) {
                ImageSet set = reader.read(split == Split.TRAIN ? train : test, warn);
                if (set.classes().size() < 2) {
                    throw new CdcFormatException(train, "has one class folder: expected at least two classes to learn to tell apart");
                }
                List<String> trainClasses = classesOf(train);
                if (!set.classes().equals(trainClasses)) {
                    throw new CdcFormatException(test, "has classes " + set.classes() + " but train/ has " + trainClasses
                            + ": expected the same class subfolders in both");
                }
                return set;
            }
            if (Files.isDirectory(train) || Files.isDirectory(test)) {
                throw new CdcFormatException(root, "has " + (Files.isDirectory(train) ? "train/" : "test/") + " but not "
                        + (Files.isDirectory(train) ? "test/" : "train/") + ": expected both, or class subfolders only");
            }
            // The split is decided on the listing, so each split decodes its own images only.
            ImageSet set = reader.read(root, warn, labels -> splitIndices(labels, classCount(labels), split));
            if (set.classes().size() < 2) {
                throw new CdcFormatException(root, "has one class folder (" + set.classes().get(0) + "): expected at least two"
                        + " classes to learn to tell apart");
            }
            return set;
        }

        @Override
        public String label() {
            return safeName(root, "folder");
        }

        /** The folder's own name, lower case, with anything but letters, digits, '.', '_' and '-' made '-'. */
        static String safeName(Path root, String otherwise) {
            Path name = root.toAbsolutePath().normalize().getFileName();
            String base = name == null ? otherwise : name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
            return base.isEmpty() || base.startsWith(".") ? otherwise : base;
        }

        private static List<String> classesOf(Path dir) throws IOException {
            try (var entries = Files.list(dir)) {
                return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                        .sorted().toList();
            }
        }
    }

    /**
     * The indices of {@code split}: of each class, a seeded shuffle of its images, the first
     * {@link #TEST_FRACTION} of them (rounded, at least one when the class has two or more) for
     * testing, the rest for training; in index order.
     */
    static int[] splitIndices(int[] labels, int classes, Split split) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        boolean[] test = new boolean[labels.length];
        for (int c = 0; c < classes; c++) {
            List<Integer> members = byClass.get(c);
            SplittableRandom random = new SplittableRandom(SPLIT_SEED + c);
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer swap = members.get(i);
                members.set(i, members.get(j));
                members.set(j, swap);
            }
            int testCount = members.size() < 2 ? 0 : Math.max(1, (int) Math.round(members.size() * TEST_FRACTION));
            for (int k = 0; k < testCount; k++) {
                test[members.get(k)] = true;
            }
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (test[i] == (split == Split.TEST)) {
                chosen.add(i);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int classCount(int[] labels) {
        int max = 0;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max + 1;
    }
}
