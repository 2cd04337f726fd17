package dev.cdc.bench.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdc.core.data.DataFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-step peers: each says how to get it when it cannot run, and runs where it can. */
class TrainStepPeersTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** Where a -Pdjl build of this checkout puts the DJL peer (tests run in the training module). */
    private static final Path DJL_BUILD = Path.of("..", "djl-peer", "target").toAbsolutePath().normalize();
    @TempDir
    Path dir;

    private TrainStepPeers.Setup setup() throws IOException {
        Path mnist = DataFixtures.writeMnistLike(dir, 64, 1).resolve("mnist");
        return new TrainStepPeers.Setup(mnist.resolve("train-images-idx3-ubyte"), mnist.resolve("train-labels-idx1-ubyte"), 16, 2,
                1, 2, 1);
    }

    @Test
    void peersThatCannotRunSayWhatTheyNeed() throws IOException {
        TrainStepPeers.Peer djl = TrainStepPeers.djl(PYTHON, dir.resolve("nothing-built"), setup());
        assertTrue(Double.isNaN(djl.millis()) && djl.description().contains("-Pdjl"), djl.toString());
        TrainStepPeers.Peer python = TrainStepPeers.python(dir.resolve("no-python").toString(), setup(), "cpu");
        assertTrue(Double.isNaN(python.millis()) && python.description().contains("apt-get install python3-torch"),
                python.toString());
    }

    @Test
    void djlPeerTrainsTheExportedModel() throws Exception {
        String missing = !Files.isRegularFile(DJL_BUILD.resolve("cdc-djl-peer-0.1.0.jar")) ? "no -Pdjl build in " + DJL_BUILD
                : !pythonHasTorch() ? PYTHON + " has no torch (apt-get install python3-torch)" : null;
        assumeTrue(missing == null, () -> {
            System.out.println("skipped: " + missing);
            return missing;
        });
        TrainStepPeers.Peer djl = TrainStepPeers.djl(PYTHON, DJL_BUILD, setup());
        assertTrue(djl.millis() > 0 && djl.description().contains("DJL 0.36.0"), djl.toString());
        System.out.println("DJL peer: " + djl);
    }

    private static boolean pythonHasTorch() throws InterruptedException {
        try {
            return new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
