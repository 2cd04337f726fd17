package dev.cdc.core.ingest;

import java.util.regex.Pattern;

/**
 * Edge names and shard ids become directory names in the store, so they are restricted to a
 * safe alphabet: letters, digits, dot, dash, underscore; 1 to 64 characters; no leading dot.
 * That rules out traversal ({@code ..}, slashes) and hidden files by construction.
 */
public final class UploadNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    private UploadNames() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Returns {@code name} or throws a message that names it and what was expected. */
    public static String require(String what, String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not valid: expected 1 to 64 letters, digits, '.', '-'"
                    + " or '_', not starting with '.'");
        }
        return name;
    }
}
