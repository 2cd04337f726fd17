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
        return new RecordLayout((int) shape[0], (int) perRecord);
    }
}
