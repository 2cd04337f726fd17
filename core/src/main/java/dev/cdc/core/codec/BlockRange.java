package dev.cdc.core.codec;

/**
 * The range of one block in block mode: minimum and maximum of its finite values, or
 * {@code [0, 0]} when it has none.
 *
 * <p>Signed zeros order as IEEE 754-2019 minimum/maximum do (docs/codec.md, "Where the range comes
 * from"), i.e. Java's {@link Math#min(float, float)}: {@code -0.0 < +0.0}. Since {@code lo} and
 * {@code hi} travel as bytes, the sign matters; this order is independent of element order, so a
 * parallel reduction on a GPU can reproduce it.
 */
public final class BlockRange {
    private BlockRange() {
    }

    /** Returns {@code {lo, hi}} of {@code values[from, from + length)}. */
    public static float[] of(float[] values, int from, int length) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        boolean any = false;
        for (int i = from, end = from + length; i < end; i++) {
            float x = values[i];
            if (Float.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
                any = true;
            }
        }
        return any ? new float[] {lo, hi} : new float[] {0f, 0f};
    }
}
