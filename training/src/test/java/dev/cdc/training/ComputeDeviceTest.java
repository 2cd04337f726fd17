package dev.cdc.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class ComputeDeviceTest {

    @Test
    void parsesTheDevicesUsersWrite() {
        assertFalse(ComputeDevice.parse("cpu").isCuda());
        assertEquals("cuda:0", ComputeDevice.parse("cuda").toString());
        assertEquals("cuda:3", ComputeDevice.parse("cuda:3").toString());
        for (String bad : new String[] {"gpu", "CUDA", "cuda:", "cuda:-1", "cuda:x", "cpu:0", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputeDevice.parse(bad), bad);
            assertTrue(e.getMessage().contains("expected cpu, cuda or cuda:N"), e.getMessage());
        }
    }

    @Test
    void saysWhyAGpuCannotBeUsed() {
        LibTorchRuntime.configure();
        assertNull(ComputeDevice.CPU.unavailableReason());
        String reason = ComputeDevice.parse("cuda:7").unavailableReason();
        if (!torch.cuda_is_available()) {
            assertTrue(reason.contains("no CUDA") && reason.contains("-Pgpu"), reason);
        } else if (torch.cuda_device_count() <= 7) {
            assertTrue(reason.contains("sees " + torch.cuda_device_count()), reason);
        }
    }
}
