package dev.cdc.core.entropy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The committed rANS test vectors ({@code testdata/rans-vectors.json}): tables fitted from counts,
 * and streams of symbols over given tables, all made by {@link PlainRans} so that an
 * implementation in any language can check itself against them.
 */
final class RansVectors {
    static final String RESOURCE = "/testdata/rans-vectors.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Counts and the table the spec derives from them. */
    record Fit(String name, List<Long> counts, List<Integer> frequencies) {
    }

    /** Symbols, symbol i coded with tables[tableOf[i % tableOf.length]], and the stream in hex. */
    record Stream(String name, List<List<Integer>> tables, List<Integer> tableOf, List<Integer> symbols, String stream) {
    }

    record File(String about, int precisionBits, long stateLowerBound, List<Fit> fits, List<Stream> streams) {
    }

    private RansVectors() {
    }

    static String generate() throws IOException {
        List<Fit> fits = new ArrayList<>();
        for (List<Long> counts : List.of(List.of(700L, 200L, 90L, 10L), List.of(0L, 0L), List.of(5L, 0L, 0L, 1_000_000L),
                List.of(3L, 3L, 3L), skewed(256, 7))) {
            fits.add(new Fit(counts.size() + " symbols", counts, PlainRans.fit(counts)));
        }
        List<Stream> streams = new ArrayList<>();
        streams.add(stream("no symbols", List.of(List.of(8192, 8192)), List.of(0), List.of()));
        streams.add(stream("two even symbols", List.of(List.of(8192, 8192)), List.of(0), List.of(0, 1, 1, 0, 1, 0, 0, 0, 1)));
        List<Integer> rare = new ArrayList<>(Collections.nCopies(40, 0));
        rare.set(5, 1);
        rare.set(39, 1);
        streams.add(stream("a rare symbol at its floor", List.of(List.of(16383, 1)), List.of(0), rare));
        List<Integer> k2 = PlainRans.fit(List.of(700L, 200L, 90L, 10L));
        streams.add(stream("k=2, one table", List.of(k2), List.of(0), symbols(64, 4, 5, k2)));
        List<Integer> other = PlainRans.fit(List.of(10L, 90L, 200L, 700L));
        streams.add(stream("k=2, a table per position of 3", List.of(k2, other), List.of(0, 1, 0), symbols(12, 4, 6, k2)));
        List<Integer> k8 = PlainRans.fit(skewed(256, 7));
        List<Integer> wide = symbols(100, 256, 8, k8);
        for (int i = 0; i < wide.size(); i += 10) {
            wide.set(i, i * 37 % 256); // symbols at their floor frequency too
        }
        streams.add(stream("k=8, mostly floors", List.of(k8), List.of(0), wide));
        File file = new File("rANS test vectors of docs/entropy-coding.md, made by PlainRans (core tests); regenerate with"
                + " -Dcdc.rans.vectors.write=PATH", FrequencyTable.PRECISION_BITS, RansCoder.LOWER, fits, streams);
        return JSON.writeValueAsString(file);
    }

    /** Counts falling off geometrically with a few large ones, most symbols unseen. */
    private static List<Long> skewed(int n, long seed) {
        List<Long> counts = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = 0; s < n; s++) {
            counts.add(s < 8 ? 1000L >> s : random.nextInt(20) == 0 ? 1L : 0L);
        }
        return counts;
    }

    /** {@code count} symbols drawn by the table's probabilities (so the rare ones turn up now and then). */
    private static List<Integer> symbols(int count, int n, long seed, List<Integer> table) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> symbols = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int slot = random.nextInt(16384);
            int s = 0;
            for (int sum = table.get(0); sum <= slot; sum += table.get(++s)) {
                // walk to the symbol whose range holds the slot
            }
            symbols.add(Math.min(s, n - 1));
        }
        return symbols;
    }

    private static Stream stream(String name, List<List<Integer>> tables, List<Integer> tableOf, List<Integer> symbols) {
        List<Integer> stream = PlainRans.encode(symbols, tables, tableOf);
        byte[] bytes = new byte[stream.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (int) stream.get(i);
        }
        return new Stream(name, tables, tableOf, symbols, HexFormat.of().formatHex(bytes));
    }

    static File load() {
        try (InputStream in = RansVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            return JSON.readValue(in, File.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
