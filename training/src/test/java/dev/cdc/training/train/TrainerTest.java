package dev.cdc.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cdc.training.Fixtures;
import dev.cdc.training.data.TrainingImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop alone, with a task that records what it was given instead of training. */
class TrainerTest {
    /** Records each step's records and answers a loss equal to the step's number. */
    private static final class RecordingTask implements TrainingTask {
        final List<String> calls = new ArrayList<>();
        final List<int[]> batches = new ArrayList<>();
        boolean training;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void setTraining(boolean training) {
            this.training = training;
            calls.add("training=" + training);
        }

        @Override
        public Metrics step(TrainingImages data, int[] order, int start, int end, long step) {
            int[] records = new int[end - start];
            System.arraycopy(order, start, records, 0, records.length);
            batches.add(records);
            return Metrics.loss(step);
        }
    }

    /** Remembers every event as a line. */
    private static final class Log implements TrainingListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void onStart(String task, int epochs, int batchesPerEpoch, TrainingPosition from) {
            lines.add("start " + task + " " + epochs + "x" + batchesPerEpoch + " from " + from.epoch() + "." + from.batch());
        }

        @Override
        public void onStep(StepEvent event) {
            lines.add("step " + event.epoch() + "." + event.batch() + " next " + event.next().epoch() + "." + event.next().batch());
        }

        @Override
        public void onEpochEnd(EpochEvent event) {
            lines.add("epoch " + event.epoch() + " loss " + event.meanMetrics().loss());
        }

        @Override
        public void onEnd(String task) {
            lines.add("end " + task);
        }
    }

    @Test
    void everyRecordOncePerEpochWithListenersToldInOrderAndMeansOverTheEpoch() {
        TrainingImages data = Fixtures.bars(10, 1);
        RecordingTask task = new RecordingTask();
        Log log = new Log();
        Metrics last = new Trainer(List.of(log)).fit(task, data, new FitOptions(2, 4, 7), TrainingPosition.START);

        assertEquals(List.of("training=true", "training=false"), task.calls);
        assertFalse(task.training);
        assertEquals(6, task.batches.size(), "2 epochs of 10 records in batches of 4: 4, 4, 2");
        for (int epoch = 0; epoch < 2; epoch++) {
            boolean[] seen = new boolean[10];
            for (int b = 0; b < 3; b++) {
                for (int record : task.batches.get(epoch * 3 + b)) {
                    assertFalse(seen[record], "record " + record + " twice in epoch " + epoch);
                    seen[record] = true;
                }
            }
        }
        assertEquals(List.of("start recording 2x3 from 0.0", "step 0.0 next 0.1", "step 0.1 next 0.2", "step 0.2 next 1.0",
                "epoch 0 loss 1.0", "step 1.0 next 1.1", "step 1.1 next 1.2", "step 1.2 next 2.0", "epoch 1 loss 4.0",
                "end recording"), log.lines);
        assertEquals(4.0, last.loss(), "the last epoch's mean: steps 3, 4, 5");
    }

    @Test
    void resumingFromAPositionTrainsExactlyWhatWasLeftInTheSameOrder() {
        TrainingImages data = Fixtures.bars(10, 1);
        RecordingTask whole = new RecordingTask();
        new Trainer(List.of()).fit(whole, data, new FitOptions(2, 4, 7), TrainingPosition.START);
        RecordingTask resumed = new RecordingTask();
        Log log = new Log();
        new Trainer(List.of(log)).fit(resumed, data, new FitOptions(2, 4, 7), new TrainingPosition(1, 1));

        assertEquals(2, resumed.batches.size());
        assertEquals(List.of(whole.batches.get(4), whole.batches.get(5)).stream().map(java.util.Arrays::toString).toList(),
                resumed.batches.stream().map(java.util.Arrays::toString).toList());
        assertEquals("start recording 2x3 from 1.1", log.lines.get(0));
        assertEquals("epoch 1 loss 4.5", log.lines.get(3), "the mean over the steps trained after resuming: 4 and 5");
    }
}
