package dev.cdc.cli;

import java.util.Arrays;

/**
 * How an array splits into records: by default the first axis counts records and the rest is
 * one record (a 0- or 1-dimensional array is one record); {@code --record-size} overrides it.
 *
 * @param records           number of records
 * @param elementsPerRecord elements in each
 */
public record RecordLayout(int records, int elementsPerRecord) {

    public static RecordLayout of(long[] shape, Integer recordSize) {
        return of(null, shape, recordSize);
    }

    /** As above; {@code source}, if given, is named in the errors. */
    public static RecordLayout of(java.nio.file.Path source, long[] shape, Integer recordSize) {
        String of = source == null ? "" : source + ": ";
        long total = 1;
        for (long d : shape) {
            total *= d;
        }
        if (recordSize != null) {
            if (recordSize < 1) {
                throw new UsageException("--record-size " + recordSize + " is not valid: expected at least 1");
            }
            if (total % recordSize != 0) {
                throw new UsageException("--record-size " + recordSize + " does not divide the " + total
                        + " elements of shape " + Arrays.toString(shape));
            }
            return new RecordLayout((int) (total / recordSize), recordSize);
        }
        if (shape.length < 2) {
            return new RecordLayout(1, (int) total);
        }
        long perRecord = 1;
        for (int i = 1; i < shape.length; i++) {
            perRecord *= shape[i];
        }
        // An empty array may still claim billions of records of nothing: refuse what does not fit.
        if (shape[0] > Integer.MAX_VALUE - 8 || perRecord > Integer.MAX_VALUE - 8) {
            throw new UsageException(of + "shape " + Arrays.toString(shape) + " has too many records or elements per record:"
                    + " expected at most " + (Integer.MAX_VALUE - 8) + " of each");
        }
        return new RecordLayout((int) shape[0], (int) perRecord);
    }
}
