package dev.cdc.djlpeer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.cdc.core.data.IdxReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CDC autoencoder's training step in DJL's PyTorch engine, the peer of {@code cdc bench
 * train}: DJL's trainer, gradient collector and Adam (2e-3) on the same model, loss, batch and
 * data as cdc and {@code train_step.py}. DJL's PyTorch engine has no transposed convolution in
 * its block API ({@code PtNDArrayEx.deconvolution} is not implemented), which the CDC decoder
 * needs, so the model's forward and loss come as TorchScript written by {@code train_step.py
 * --export-torchscript}: the way a DJL user runs such a model. Prints one JSON line, like the
 * Python peer.
 *
 * <p>{@code java -Dai.djl.offline=true -cp 'djl-peer/target/lib/*:djl-peer/target/cdc-djl-peer-0.1.0.jar'
 * dev.cdc.djlpeer.DjlTrainStep --torchscript STEP.pt --images IDX --labels IDX [--batch 256]
 * [--threads 1] [--steps 20] [--warmup 5]}
 */
public final class DjlTrainStep {
    private DjlTrainStep() {
    }

    /** DJL's trainer wants a loss; the TorchScript module's output already is the loss. */
    private static final class OutputIsLoss extends Loss {
        OutputIsLoss() {
            super("step-loss");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return predictions.singletonOrThrow();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int batch = Integer.parseInt(options.getOrDefault("--batch", "256"));
        int threads = Integer.parseInt(options.getOrDefault("--threads", "1"));
        int steps = Integer.parseInt(options.getOrDefault("--steps", "20"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "5"));
        Path torchscript = Path.of(required(options, "--torchscript"));
        // DJL reads its thread counts from these properties when the engine starts.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");

        IdxReader.IdxArray images = IdxReader.read(Path.of(required(options, "--images")));
        IdxReader.IdxArray labels = IdxReader.read(Path.of(required(options, "--labels")));
        int pixels = images.dims()[1] * images.dims()[2];
        int available = Math.min(4 * batch, images.dims()[0]);
        float[] x = new float[available * pixels];
        for (int i = 0; i < x.length; i++) {
            x[i] = (images.data()[i] & 0xff) / 255f;
        }
        long[] y = new long[available];
        Arrays.setAll(y, i -> labels.data()[i] & 0xff);

        Engine engine = Engine.getEngine("PyTorch");
        double[] millis = new double[steps];
        float[] losses = new float[warmup + steps];
        try (Model model = Model.newInstance("cdc-train-step", Device.cpu(), "PyTorch")) {
            // trainParam: load the parameters as trainable tensors, not inference ones
            model.load(torchscript.toAbsolutePath().getParent(), stripExtension(torchscript.getFileName().toString()),
                    Map.of("trainParam", "true"));
            DefaultTrainingConfig config = new DefaultTrainingConfig(new OutputIsLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(2e-3f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                for (int step = 0; step < warmup + steps; step++) {
                    int start = (step % 4) * batch % Math.max(1, available - batch + 1);
                    long began = System.nanoTime();
                    try (NDManager manager = trainer.getManager().newSubManager()) {
                        NDArray input = manager.create(Arrays.copyOfRange(x, start * pixels, (start + batch) * pixels),
                                new Shape(batch, 1, images.dims()[1], images.dims()[2]));
                        NDArray target = manager.create(Arrays.copyOfRange(y, start, start + batch), new Shape(batch));
                        NDArray loss;
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            loss = trainer.forward(new NDList(input, target)).singletonOrThrow();
                            collector.backward(loss);
                        }
                        trainer.step();
                        if (step >= warmup) {
                            millis[step - warmup] = (System.nanoTime() - began) / 1e6;
                        }
                        // Read after the clock stopped: evidence that the steps train, not part of their time.
                        losses[step] = loss.getFloat();
                    }
                }
            }
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "{\"peer\": \"djl\", \"version\": \"DJL %s, PyTorch engine %s\", \"threads\": %d, "
                + "\"batch\": %d, \"steps\": %d, \"medianMillis\": %.3f, \"firstLoss\": %.5f, \"lastLoss\": %.5f}%n",
                Engine.getDjlVersion(), engine.getVersion(), threads, batch, steps, millis[steps / 2], losses[0],
                losses[losses.length - 1]);
    }

    private static String stripExtension(String name) {
        return name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                fail("expected --option value pairs, not " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0) {
            fail("option " + args[args.length - 1] + " has no value");
        }
        return options;
    }

    /** A file option that must be given and must exist. */
    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            fail(name + " is required");
        }
        if (!Files.exists(Path.of(value))) {
            fail(name + " " + value + " does not exist");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("DjlTrainStep: " + message);
        System.exit(2);
    }
}
