package dev.cdc.core.entropy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * docs/entropy-coding.md written out as plainly as it reads, to check {@link RansCoder} against:
 * tables as lists of frequencies, starts summed on the fly, the stream built as a list and
 * reversed, decoding by walking the table. Slow on purpose; shares no code with the coder.
 */
final class PlainRans {
    private static final long L = 8_388_608L; // 2^23
    private static final long M = 16_384L; // 2^14

    private PlainRans() {
    }

    private static long start(List<Integer> table, int symbol) {
        long sum = 0;
        for (int s = 0; s < symbol; s++) {
            sum += table.get(s);
        }
        return sum;
    }

    /** Symbol {@code i} uses {@code tables.get(tableOf.get(i % tableOf.size()))}. */
    static List<Integer> encode(List<Integer> symbols, List<List<Integer>> tables, List<Integer> tableOf) {
        List<Integer> emitted = new ArrayList<>();
        long x = L;
        for (int i = symbols.size() - 1; i >= 0; i--) {
            List<Integer> table = tables.get(tableOf.get(i % tableOf.size()));
            int s = symbols.get(i);
            long f = table.get(s);
            while (x >= (L / M) * 256 * f) {
                emitted.add((int) (x % 256));
                x = x / 256;
            }
            x = (x / f) * M + (x % f) + start(table, s);
        }
        emitted.add((int) (x / (1L << 24)));
        emitted.add((int) (x / (1L << 16) % 256));
        emitted.add((int) (x / (1L << 8) % 256));
        emitted.add((int) (x % 256));
        Collections.reverse(emitted);
        return emitted;
    }

    static List<Integer> decode(List<Integer> stream, int count, List<List<Integer>> tables, List<Integer> tableOf) {
        long x = stream.get(0) + 256L * stream.get(1) + 65_536L * stream.get(2) + 16_777_216L * stream.get(3);
        int next = 4;
        List<Integer> symbols = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Integer> table = tables.get(tableOf.get(i % tableOf.size()));
            long slot = x % M;
            int s = 0;
            while (start(table, s + 1) <= slot) {
                s++;
            }
            x = table.get(s) * (x / M) + slot - start(table, s);
            while (x < L) {
                x = x * 256 + stream.get(next++);
            }
            symbols.add(s);
        }
        if (next != stream.size() || x != L) {
            throw new IllegalStateException("the stream does not end as coded");
        }
        return symbols;
    }

    /**
     * A table from counts as the spec says: one unit per symbol; of the other M - n, each symbol
     * floor(count * (M - n) / total); the units still missing, one each to the largest remainders,
     * lower symbol first on ties; every count taken as 1 when all are 0.
     */
    static List<Integer> fit(List<Long> counts) {
        int n = counts.size();
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        List<Long> weights = new ArrayList<>(counts);
        if (total == 0) {
            weights = new ArrayList<>(Collections.nCopies(n, 1L));
            total = n;
        }
        List<Integer> table = new ArrayList<>();
        List<Long> remainders = new ArrayList<>();
        long missing = M - n;
        for (long w : weights) {
            table.add(1 + (int) (w * (M - n) / total));
            remainders.add(w * (M - n) % total);
            missing -= w * (M - n) / total;
        }
        for (; missing > 0; missing--) {
            int best = 0;
            for (int s = 1; s < n; s++) {
                if (remainders.get(s) > remainders.get(best)) {
                    best = s;
                }
            }
            table.set(best, table.get(best) + 1);
            remainders.set(best, -1L);
        }
        return table;
    }
}
