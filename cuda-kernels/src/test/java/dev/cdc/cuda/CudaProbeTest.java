package dev.cdc.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.nativeconfig.Backends;
import dev.cdc.nativeconfig.ProbeResult;
import org.junit.jupiter.api.Test;

class CudaProbeTest {

    @Test
    void probeAnswersWithAResultOrACauseOnEveryMachine() {
        ProbeResult result = Backends.result(CudaProbe.NAME);
        System.out.println("cuda probe: " + result);
        assertEquals(CudaProbe.NAME, result.backend());
        if (!result.available()) {
            assertNotNull(result.unavailabilityCause());
            assertTrue(!result.unavailabilityCause().isBlank());
        } else {
            assertTrue(result.details().containsKey("device 0"));
        }
    }

    @Test
    void versionsAreDecoded() {
        assertEquals("13.1", CudaProbe.cudaVersion(13010));
        assertEquals("12.4", CudaProbe.cudaVersion(12040));
    }
}
