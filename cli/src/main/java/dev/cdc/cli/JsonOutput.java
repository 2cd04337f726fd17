package dev.cdc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --json} option of every command that produces results, and how it prints them. */
public final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "Print the result as JSON on standard output instead of text.")
    boolean enabled;

    public boolean enabled() {
        return enabled;
    }

    /** Prints {@code result} (a record, map or list) as JSON. */
    public static void print(PrintWriter out, Object result) {
        try {
            out.println(MAPPER.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result is not serialisable as JSON: " + e.getMessage(), e);
        }
        out.flush();
    }
}
