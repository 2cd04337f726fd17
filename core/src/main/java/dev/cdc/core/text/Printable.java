package dev.cdc.core.text;

/**
 * Text from outside (a file's header, a client's request, a user's option) made safe to put in
 * an error message or a log line: at most a given number of characters, and every control or
 * non-printing character shown as an escape, so hostile input can neither flood a terminal nor
 * forge log lines.
 */
public final class Printable {
    /** What an error message quotes of foreign text by default. */
    public static final int DEFAULT_LIMIT = 80;

    private Printable() {
    }

    /** {@code text} cut to {@link #DEFAULT_LIMIT} characters and escaped. */
    public static String of(String text) {
        return of(text, DEFAULT_LIMIT);
    }

    /** {@code text} cut to {@code limit} characters ("..." and the full length after a cut) and escaped. */
    public static String of(String text, int limit) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), limit) + 16);
        int shown = 0;
        for (int i = 0; i < text.length() && shown < limit; i++, shown++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c) || !visible(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > limit) {
            out.append("...(").append(text.length()).append(" characters)");
        }
        return out.toString();
    }

    /** Bytes from outside, read as ISO-8859-1 so every byte is one character, then as {@link #of(String, int)}. */
    public static String ofBytes(byte[] bytes, int limit) {
        return of(new String(bytes, 0, Math.min(bytes.length, limit + 1), java.nio.charset.StandardCharsets.ISO_8859_1), limit);
    }

    private static boolean visible(char c) {
        int type = Character.getType(c);
        return type != Character.UNASSIGNED && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
    }
}
