package dev.cdc.cli;

import dev.cdc.nativeconfig.Backends;
import dev.cdc.nativeconfig.PlatformInfo;
import dev.cdc.nativeconfig.ProbeResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cdc info}: platform, Java, LibTorch and CUDA, each with its version or why it is unavailable. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the platform, Java, LibTorch (version, threads) and whether CUDA is available, and if not, why.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOutput json;

    /** What {@code --json} prints. */
    public record Info(String cdc, PlatformInfo platform, List<ProbeResult> backends) {
    }

    @Override
    public Integer call() {
        Info info = new Info(VersionProvider.version(), PlatformInfo.current(), Backends.all());
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(out, info);
            return ExitCodes.OK;
        }
        PlatformInfo p = info.platform();
        out.printf("cdc        %s%n", info.cdc());
        out.printf("platform   %s (%s), %d cores%n", p.javacppPlatform(), p.os(), p.cores());
        out.printf("java       %s (%s)%n", p.javaVersion(), p.javaVendor());
        for (ProbeResult backend : info.backends()) {
            String state = backend.available() ? "available" : "unavailable";
            out.printf("%-10s %s%s%n", backend.backend(), state, backend.version() != null ? ", version " + backend.version() : "");
            for (Map.Entry<String, String> detail : backend.details().entrySet()) {
                out.printf("           %-9s %s%n", detail.getKey(), detail.getValue());
            }
            if (!backend.available()) {
                out.printf("           why       %s%n", backend.unavailabilityCause());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
