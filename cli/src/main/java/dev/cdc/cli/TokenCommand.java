package dev.cdc.cli;

import dev.cdc.core.ingest.EdgeTokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdc token}: per-edge bearer tokens for {@code cdc serve}. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Issue bearer tokens that let edges upload to `cdc serve`.",
        subcommands = {TokenCommand.Add.class})
public final class TokenCommand extends ParentCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Issue a token for an edge and store its SHA-256 hash in the token file (created if missing). "
                    + "The token itself is printed once and kept nowhere: give it to the edge (e.g. in CDC_TOKEN).")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Option(names = "--tokens", required = true, paramLabel = "FILE", description = "The service's token file.")
        Path tokens;
        @Option(names = "--replace", description = "Issue a new token for an edge that has one; the old one stops working.")
        boolean replace;
        @Parameters(paramLabel = "EDGE", description = "The edge's name: letters, digits, '.', '-', '_'.")
        String edge;

        @Override
        public Integer call() throws IOException {
            String token = EdgeTokens.addEdge(tokens, edge, replace);
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                JsonOutput.print(out, Map.of("edge", edge, "token", token, "tokens", tokens.toString()));
            } else {
                out.println(token);
                out.flush();
                spec.commandLine().getErr().println("token for edge '" + edge + "' added to " + tokens
                        + " (only its hash is stored; keep the token above secret)");
            }
            return ExitCodes.OK;
        }
    }
}
