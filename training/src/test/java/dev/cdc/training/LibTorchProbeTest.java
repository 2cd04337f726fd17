package dev.cdc.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.nativeconfig.Backends;
import dev.cdc.nativeconfig.ProbeResult;
import org.junit.jupiter.api.Test;

class LibTorchProbeTest {

    @Test
    void libTorchLoadsOnTheBuildPlatform() {
        ProbeResult result = Backends.result(LibTorchProbe.NAME);
        System.out.println("libtorch probe: " + result);
        assertTrue(result.available(), "LibTorch CPU is a dependency of this build and must load: " + result.unavailabilityCause());
        assertEquals("2.10.0", result.version());
        assertTrue(Integer.parseInt(result.details().get("threads")) >= 1);
    }
}
