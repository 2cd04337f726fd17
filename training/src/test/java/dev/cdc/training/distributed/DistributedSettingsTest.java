package dev.cdc.training.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributedSettingsTest {
    private static final Map<String, String> FULL = Map.of("MASTER_ADDR", "10.0.0.1", "MASTER_PORT", "29500", "RANK", "3",
            "WORLD_SIZE", "4", "LOCAL_RANK", "1");

    @Test
    void readsTorchrunsVariables() {
        DistributedSettings s = DistributedSettings.fromEnvironment(FULL).orElseThrow();
        assertEquals(new DistributedSettings("10.0.0.1", 29500, 3, 4, 1), s);
        assertTrue(DistributedSettings.fromEnvironment(Map.of()).isEmpty(), "no variables: one process");
        assertTrue(DistributedSettings.fromEnvironment(Map.of("WORLD_SIZE", "1")).isEmpty(), "a world of one");
    }

    @Test
    void namesTheBadOrMissingVariable() {
        assertTrue(message(Map.of("RANK", "1", "WORLD_SIZE", "2")).contains("MASTER_ADDR, MASTER_PORT are not set"));
        assertTrue(message(with("MASTER_PORT", "abc")).contains("MASTER_PORT=abc is not valid: expected a whole number"));
        assertTrue(message(with("MASTER_PORT", "70000")).contains("MASTER_PORT=70000 is not valid: expected a TCP port"));
        assertTrue(message(with("RANK", "4")).contains("RANK=4 is not valid: expected 0..3"));
    }

    @Test
    void sharesOfABatchAreDisjointContiguousAndEven() {
        for (int n = 0; n < 40; n++) {
            for (int world = 1; world <= 5; world++) {
                int covered = 0;
                for (int rank = 0; rank < world; rank++) {
                    int size = dev.cdc.training.train.ClassifierTask.shareStart(n, world, rank + 1)
                            - dev.cdc.training.train.ClassifierTask.shareStart(n, world, rank);
                    assertTrue(size == n / world || size == n / world + 1, n + " records over " + world + ": " + size);
                    covered += size;
                }
                assertEquals(0, dev.cdc.training.train.ClassifierTask.shareStart(n, world, 0));
                assertEquals(n, covered);
            }
        }
    }

    private static Map<String, String> with(String name, String value) {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(FULL);
        env.put(name, value);
        return env;
    }

    private static String message(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> DistributedSettings.fromEnvironment(env)).getMessage();
    }
}
