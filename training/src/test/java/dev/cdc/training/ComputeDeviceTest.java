package dev.cdc.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
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
            // This build's LibTorch is the CPU one: the message says so and how to get the other.
            assertTrue(reason.contains("CPU build") && reason.contains("-Pgpu"), reason);
        } else if (torch.cuda_device_count() <= 7) {
            assertTrue(reason.contains("sees " + torch.cuda_device_count()), reason);
        }
    }

    @Test
    void plainCudaIsTheLocalRanksGpuAnExplicitOneStays() {
        assertEquals("cuda:2", ComputeDevice.parse("cuda").forLocalRank(2).toString());
        assertEquals("cuda:1", ComputeDevice.parse("cuda:1").forLocalRank(2).toString());
        assertEquals("cuda:0", ComputeDevice.parse("cuda:0").forLocalRank(3).toString());
        assertSame(ComputeDevice.CPU, ComputeDevice.CPU.forLocalRank(1));
        assertEquals(ComputeDevice.cuda(1), ComputeDevice.parse("cuda:1"));
        assertThrows(IllegalArgumentException.class, () -> ComputeDevice.cuda(-1));
    }

    /** The training code's two questions, answered on the CPU without copies: where is the model, and put this there. */
    @Test
    void onTheCpuTensorsStayWhereTheyAre() {
        LibTorchRuntime.configure();
        LinearImpl layer = new LinearImpl(3, 2);
        assertEquals(ComputeDevice.CPU, ComputeDevice.of(layer));
        ComputeDevice.CPU.move(layer);
        assertEquals(ComputeDevice.CPU, ComputeDevice.of(layer));
        Tensor tensor = Tensor.create(new float[] {1, 2, 3}, 3);
        assertSame(tensor, ComputeDevice.CPU.place(tensor));
    }
}
