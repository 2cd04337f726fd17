package dev.cdc.nativeconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void aProbeThatFailsToLinkBecomesACauseNotAnError() {
        BackendProbe broken = new BackendProbe() {
            @Override
            public String name() {
                return "cuda";
            }

            @Override
            public ProbeResult probe() {
                throw new UnsatisfiedLinkError("/tmp/x/libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory");
            }
        };
        ProbeResult result = Backends.run(broken);
        assertFalse(result.available());
        assertTrue(result.unavailabilityCause().contains("libcuda.so.1 could not be loaded"), result.unavailabilityCause());
        assertTrue(result.unavailabilityCause().contains("NVIDIA driver"), result.unavailabilityCause());
    }

    @Test
    void theMissingLibraryIsFoundUnderJavaCppsWrapper() {
        UnsatisfiedLinkError wrapper = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        wrapper.initCause(new UnsatisfiedLinkError(
                "/root/.javacpp/cache/libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory"));
        String cause = NativeCauses.describe(wrapper);
        assertTrue(cause.startsWith("libcuda.so.1 could not be loaded") && cause.contains("NVIDIA driver"), cause);
    }

    @Test
    void aSecondFailedLoadPointsToTheFirst() {
        NoClassDefFoundError second = new NoClassDefFoundError("Could not initialize class org.bytedeco.cuda.global.cudart");
        second.initCause(new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib"));
        String cause = NativeCauses.describe(second);
        assertTrue(cause.contains("native part of cudart") && cause.contains("cdc info"), cause);
    }

    @Test
    void presetsMissingFromTheClassPathAreNamedAsSuch() {
        NoClassDefFoundError absent = new NoClassDefFoundError("org/bytedeco/pytorch/global/torch");
        absent.initCause(new ClassNotFoundException("org.bytedeco.pytorch.global.torch"));
        String cause = NativeCauses.describe(absent);
        assertTrue(cause.contains("not on the class path") && cause.contains("org.bytedeco.pytorch.global.torch")
                && cause.contains("cdc-edge"), cause);
    }

    @Test
    void otherFailuresKeepTheirChain() {
        String cause = NativeCauses.describe(new IllegalStateException("outer", new RuntimeException("inner")));
        assertTrue(cause.contains("outer") && cause.contains("inner"), cause);
    }

    @Test
    void unknownBackendsSayWhy() {
        assertFalse(Backends.isAvailable("no-such-backend"));
        assertTrue(Backends.unavailabilityCause("no-such-backend").contains("no probe"));
    }

    @Test
    void threadCountIsValidated() {
        assertEquals(4, ThreadSettings.parse(null, null, 4));
        assertEquals(2, ThreadSettings.parse("2", "3", 4));
        assertEquals(3, ThreadSettings.parse(" ", "3", 4));
        assertThrows(IllegalArgumentException.class, () -> ThreadSettings.parse("zero", null, 4));
        assertThrows(IllegalArgumentException.class, () -> ThreadSettings.parse("0", null, 4));
    }

    @Test
    void platformIsNamed() {
        PlatformInfo info = PlatformInfo.current();
        assertTrue(info.javacppPlatform().startsWith("linux") || info.javacppPlatform().startsWith("macosx")
                || info.javacppPlatform().startsWith("windows"), info.javacppPlatform());
        assertTrue(info.cores() >= 1);
        assertEquals(Map.of(), ProbeResult.available("x", "1", Map.of()).details());
    }
}
