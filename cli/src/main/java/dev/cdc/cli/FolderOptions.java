package dev.cdc.cli;

import dev.cdc.core.data.DatasetSource;
import dev.cdc.core.text.Printable;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How a folder's images are read: {@code --resize HxW} and {@code --channels} bring them to one
 * size and colour; {@code --skip-bad-images} skips the ones that cannot be decoded.
 */
public final class FolderOptions {
    @Option(names = "--resize", paramLabel = "HxW", description = "Resize a folder's images (bilinear) to H x W pixels; needed"
            + " when they differ in size. Give the same value to every command that reads the folder.")
    String size;
    @Option(names = "--channels", paramLabel = "C",
            description = "With --resize: 1 (grey) or 3 (RGB) (default: 3 if any image has colour).")
    Integer channels;
    @Option(names = "--skip-bad-images", description = "Skip a folder's images that cannot be decoded, counting them in a warning"
            + " (default: stop at the first, naming it).")
    boolean skipBad;

    /** {@code source} as these options ask; unchanged when none is given. */
    DatasetSource apply(DatasetSource source) {
        DatasetSource sized = resize(source);
        if (!skipBad) {
            return sized;
        }
        try {
            return sized.skippingBad();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private DatasetSource resize(DatasetSource source) {
        if (size == null) {
            if (channels != null) {
                throw new UsageException("--channels works with --resize: give both, e.g. --resize 32x32 --channels 3");
            }
            return source;
        }
        String[] parts = size.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            DatasetSource.Target target = new DatasetSource.Target(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    channels);
            return source.resizedTo(target);
        } catch (NumberFormatException e) {
            throw new UsageException("--resize " + Printable.of(size) + " is not valid: expected HxW, e.g. 32x32");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
