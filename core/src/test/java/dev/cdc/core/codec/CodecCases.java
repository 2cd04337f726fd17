package dev.cdc.core.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The inputs docs/codec.md ("What an implementation must show") asks every implementation to be checked on, built
 * deterministically from a seed. The generator of the committed vectors and the property
 * tests both use them.
 */
public final class CodecCases {
    private CodecCases() {
    }

    /** Named inputs of one record, for one spec. */
    public static Map<String, float[]> inputsFor(CodecSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> cases = new LinkedHashMap<>();
        cases.put("uniform-37", uniform(random, 37, -0.25f, 1.25f));
        cases.put("normal-64", normal(random, 64, 0.5f, 0.4f));
        cases.put("normal-203", normal(random, 203, 0f, 3f));
        cases.put("specials", specials(spec));
        cases.put("empty", new float[0]);
        cases.put("one", new float[] {0.3f});
        if (spec.mode() == RangeMode.FIXED) {
            cases.put("boundaries", boundaries(spec.fixedQuantizer(), spec.bits(), spec.lo()));
        } else {
            cases.put("constant-blocks", constant(spec.blockSize() * 2 + 1, 0.7f));
            cases.put("all-nan", constant(spec.blockSize() + 3, Float.NaN));
        }
        return cases;
    }

    public static float[] uniform(SplittableRandom random, int n, float lo, float hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (float) random.nextDouble() * (hi - lo);
        }
        return x;
    }

    public static float[] normal(SplittableRandom random, int n, float mean, float sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller, so the sequence depends on nothing but the seed.
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u));
            x[i] = mean + sd * (float) (r * Math.cos(2 * Math.PI * v));
            if (i + 1 < n) {
                x[i + 1] = mean + sd * (float) (r * Math.sin(2 * Math.PI * v));
            }
        }
        return x;
    }

    static float[] constant(int n, float value) {
        float[] x = new float[n];
        java.util.Arrays.fill(x, value);
        return x;
    }

    /** NaN, infinities, denormals, signed zeros, the range ends and values beyond them. */
    static float[] specials(CodecSpec spec) {
        float lo = spec.mode() == RangeMode.FIXED ? spec.lo() : -1f;
        float hi = spec.mode() == RangeMode.FIXED ? spec.hi() : 1f;
        return new float[] {Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, Float.intBitsToFloat(0x007fffff), 0f, -0f, lo, hi, Math.nextDown(lo), Math.nextUp(hi),
            lo - 1000f, hi + 1000f, Float.MAX_VALUE, -Float.MAX_VALUE, (lo + hi) / 2, 1e-30f, -1e-30f};
    }

    /** For each code, the value halfway to the next one and both its float neighbours. */
    static float[] boundaries(Quantizer q, int bits, float lo) {
        List<Float> values = new ArrayList<>();
        int levels = (1 << bits) - 1;
        for (int c = 0; c < levels; c++) {
            float b = lo + (c + 0.5f) * q.step();
            values.add(Math.nextDown(b));
            values.add(b);
            values.add(Math.nextUp(b));
        }
        float[] x = new float[values.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = values.get(i);
        }
        return x;
    }

    /** The specs the vectors cover: every k, fixed on two ranges and a degenerate one, block on three sizes. */
    public static List<CodecSpec> specs() {
        List<CodecSpec> specs = new ArrayList<>();
        for (int k = CodecSpec.MIN_BITS; k <= CodecSpec.MAX_BITS; k++) {
            specs.add(CodecSpec.fixed(k, 0f, 1f));
            specs.add(CodecSpec.fixed(k, -2.5f, 3.75f));
            specs.add(CodecSpec.fixed(k, 0.25f, 0.25f));
            specs.add(CodecSpec.block(k, 64));
            specs.add(CodecSpec.block(k, 7));
            specs.add(CodecSpec.block(k, 1));
        }
        return specs;
    }
}
