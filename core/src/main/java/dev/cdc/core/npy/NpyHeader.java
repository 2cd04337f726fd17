package dev.cdc.core.npy;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.text.Printable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The dictionary at the start of a {@code .npy} file, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, parsed in one pass over
 * its characters. (A regular expression that searched for each key rescanned the rest of the
 * header at every candidate, which a hostile header of repeated {@code 'shape': (1} made
 * quadratic.) Values of unknown keys are skipped if they are strings, numbers, booleans or
 * tuples; anything else is refused.
 *
 * @param descr         the dtype string
 * @param fortranOrder  whether the data is in Fortran order
 * @param shape         the dimensions
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    /** Dimensions beyond this are not an array anyone sends: refused before they cost anything. */
    static final int MAX_RANK = 32;

    static NpyHeader parse(Path file, String text) throws CdcFormatException {
        return new Parser(file, text).header();
    }

    private static final class Parser {
        private final Path file;
        private final String text;
        private int at;

        Parser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        NpyHeader header() throws CdcFormatException {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            skipSpace();
            expect('{');
            skipSpace();
            while (peek() != '}') {
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                switch (key) {
                    case "descr" -> descr = string();
                    case "fortran_order" -> fortran = bool();
                    case "shape" -> shape = tuple();
                    default -> skipValue();
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' after the value of '" + Printable.of(key, 20) + "'");
                }
            }
            if (descr == null || fortran == null || shape == null) {
                throw error("it lacks " + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'"));
            }
            return new NpyHeader(descr, fortran, shape);
        }

        private String string() throws CdcFormatException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = text.indexOf(quote, at + 1);
            if (end < 0) {
                throw error("a string is not closed");
            }
            String value = text.substring(at + 1, end);
            at = end + 1;
            return value;
        }

        private boolean bool() throws CdcFormatException {
            if (text.startsWith("True", at)) {
                at += 4;
                return true;
            }
            if (text.startsWith("False", at)) {
                at += 5;
                return false;
            }
            throw error("expected True or False");
        }

        private long[] tuple() throws CdcFormatException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            skipSpace();
            while (peek() != ')') {
                if (dims.size() == MAX_RANK) {
                    throw error("the shape has more than " + MAX_RANK + " dimensions");
                }
                dims.add(number());
                skipSpace();
                if (peek() == ',') {
                    at++;
                    skipSpace();
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape");
                }
            }
            at++;
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long number() throws CdcFormatException {
            int start = at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (at == start || at - start > 18) {
                throw error("a shape entry is not a whole number of at most 18 digits");
            }
            long value = Long.parseLong(text, start, at, 10);
            if (at < text.length() && text.charAt(at) == 'L') {
                at++; // Python 2 longs
            }
            return value;
        }

        private void skipValue() throws CdcFormatException {
            char c = peek();
            if (c == '\'' || c == '"') {
                string();
            } else if (c == 'T' || c == 'F') {
                bool();
            } else if (c == '(') {
                tuple();
            } else if (Character.isDigit(c)) {
                number();
            } else {
                throw error("a value is none of string, number, boolean or tuple");
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private char peek() throws CdcFormatException {
            if (at >= text.length()) {
                throw error("it ends early");
            }
            return text.charAt(at);
        }

        private void expect(char c) throws CdcFormatException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private CdcFormatException error(String problem) {
            return new CdcFormatException(file, ".npy header is not a valid header dictionary: " + problem + " at character "
                    + at + " of " + text.length() + " (it starts: " + Printable.of(text, 60) + ")");
        }
    }
}
