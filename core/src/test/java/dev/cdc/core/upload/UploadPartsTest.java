package dev.cdc.core.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's pieces on their own: journal, link meter, width policy, backoff. */
class UploadPartsTest {
    @TempDir
    Path dir;
    final UploadJournal.Identity identity = new UploadJournal.Identity("e", "s", 1000, 100);

    @Test
    void journalResumesAndDropsATornLastLine() throws Exception {
        Path file = dir.resolve("j");
        try (UploadJournal journal = UploadJournal.open(file, identity)) {
            journal.record(new UploadJournal.Ack(0, 2, 100));
            journal.record(new UploadJournal.Ack(1, 4, 100));
        }
        Files.writeString(file, Files.readString(file) + "ack 2 4 1");
        try (UploadJournal journal = UploadJournal.open(file, identity)) {
            assertEquals(2, journal.acks().size());
            assertTrue(journal.acknowledged(1));
            assertFalse(journal.acknowledged(2), "a torn line was never acknowledged");
            journal.record(new UploadJournal.Ack(2, 1, 100));
        }
        try (UploadJournal journal = UploadJournal.open(file, identity)) {
            assertEquals(1, journal.acks().get(2L).bits());
        }
    }

    @Test
    void journalOfAnotherUploadIsRefused() throws Exception {
        Path file = dir.resolve("j");
        UploadJournal.open(file, identity).close();
        CdcFormatException e = assertThrows(CdcFormatException.class,
                () -> UploadJournal.open(file, new UploadJournal.Identity("e", "s", 1000, 50)));
        assertTrue(e.getMessage().contains("belongs to another upload") && e.getMessage().contains("chunk=100"), e.getMessage());
        Files.writeString(file, "hello\n");
        assertTrue(assertThrows(CdcFormatException.class, () -> UploadJournal.open(file, identity)).getMessage()
                .contains("is not an upload journal"));
        Files.writeString(file, identity.line() + "\nack x\n");
        assertTrue(assertThrows(CdcFormatException.class, () -> UploadJournal.open(file, identity)).getMessage()
                .contains("the journal is corrupt"));
    }

    @Test
    void meterAveragesTheWindowByTime() {
        LinkMeter meter = new LinkMeter(2);
        assertTrue(meter.bytesPerSecond().isEmpty());
        meter.record(1000, 1);
        meter.record(1000, 0.001);
        assertEquals(2000 / 1.001, meter.bytesPerSecond().getAsDouble(), 1e-6);
        meter.record(3000, 1);
        assertEquals(4000 / 1.001, meter.bytesPerSecond().getAsDouble(), 1e-6, "the oldest transfer left the window");
    }

    @Test
    void transfersThatSharedTheLinkCountTheirShareOfTheTime() {
        LinkMeter meter = new LinkMeter(4);
        // Four chunks of 1000 bytes side by side on a 1000 bytes/s link: each took 4 s.
        for (int i = 0; i < 4; i++) {
            meter.record(1000, 4, 4);
        }
        assertEquals(1000, meter.bytesPerSecond().getAsDouble(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> meter.record(1, 1, 0));
    }

    @Test
    void policyPicksTheWidestWidthThatMeetsTheDeadline() {
        int[] widths = {1, 2, 4, 8};
        WidthPolicy policy = new WidthPolicy(widths, Duration.ofSeconds(100), 0);
        java.util.function.IntToLongFunction bytes = k -> 1000L * k; // bytes left at each k
        assertEquals(1, policy.choose(bytes, OptionalDouble.empty(), 0, 100), "nothing measured yet: narrowest");
        assertEquals(8, policy.choose(bytes, OptionalDouble.of(1000), 0, 100), "8 s of 85 s");
        assertEquals(4, policy.choose(bytes, OptionalDouble.of(1000), 0, 8), "8 s do not fit 0.85 * 8; 4 s do");
        assertEquals(2, policy.choose(bytes, OptionalDouble.of(1000), 3, 8), "encoding time counts too");
        assertEquals(1, policy.choose(bytes, OptionalDouble.of(1), 0, 8), "nothing fits: narrowest");
        WidthPolicy capped = new WidthPolicy(widths, Duration.ofSeconds(100), 500);
        assertEquals(4, capped.choose(bytes, OptionalDouble.of(1e9), 0, 15), "--max-rate caps the rate planned with");
        assertEquals(8, new WidthPolicy(widths, null, 0).choose(bytes, OptionalDouble.of(1), 0, 1), "no deadline: widest");
    }

    @Test
    void backoffGrowsAndIsCapped() {
        RetryPolicy retry = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            long second = retry.delayBefore(2).toMillis();
            long fifth = retry.delayBefore(5).toMillis();
            long tenth = retry.delayBefore(10).toMillis();
            assertTrue(second >= 50 && second <= 100, "try 2 waits up to 100 ms: " + second);
            assertTrue(fifth >= 400 && fifth <= 800, "try 5 waits up to 800 ms: " + fifth);
            assertTrue(tenth >= 500 && tenth <= 1000, "capped at 1 s: " + tenth);
        }
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)));
    }
}
