package dev.cdc.core.ingest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group commit of directory fsyncs. A chunk is durable once its name is linked and its directory
 * fsync'd; when several uploads link names into one directory at once (an edge with several
 * chunks in flight), one fsync that starts after all their links covers them all. Each caller
 * waits for an fsync that began after its own link, so coalescing never acknowledges a name
 * before it is on the disk.
 *
 * <p>State is kept only for directories someone is waiting on, so memory follows the requests in
 * flight, not the number of directories in the store.
 */
final class DirectorySyncs {
    private final ConcurrentHashMap<Path, DirectorySync> syncs = new ConcurrentHashMap<>();

    /** Returns once an fsync of {@code dir} that began after this call has finished. */
    void force(Path dir) throws IOException {
        DirectorySync sync = syncs.compute(dir, (d, s) -> {
            DirectorySync held = s == null ? new DirectorySync(d) : s;
            held.users++;
            return held;
        });
        try {
            sync.awaitDurable();
        } finally {
            syncs.compute(dir, (d, s) -> --s.users == 0 ? null : s);
        }
    }

    /** Directories with callers waiting now; for tests. */
    int tracked() {
        return syncs.size();
    }

    /** fsync of one directory, shared by the callers that wait while it runs or queue behind it. */
    private static final class DirectorySync {
        private final Path dir;
        /** Callers holding this object; changed only inside the map's {@code compute} for this key. */
        private int users;
        /** Tickets handed out: one per caller, taken after its link. */
        private long requested;
        /** Every ticket up to this one is covered by a finished fsync. */
        private long durable;
        private boolean syncing;

        DirectorySync(Path dir) {
            this.dir = dir;
        }

        void awaitDurable() throws IOException {
            long covers;
            synchronized (this) {
                long ticket = ++requested;
                while (durable < ticket && syncing) {
                    waitUninterruptibly();
                }
                if (durable >= ticket) {
                    return;
                }
                // This caller leads: its fsync starts after every ticket handed out so far was linked.
                syncing = true;
                covers = requested;
            }
            IOException failure = null;
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                failure = e;
            }
            synchronized (this) {
                syncing = false;
                if (failure == null) {
                    durable = Math.max(durable, covers);
                }
                notifyAll(); // on failure a waiter leads the next try and meets the error itself
            }
            if (failure != null) {
                throw failure;
            }
        }

        /**
         * A caller whose name is linked must not return before it is durable, so an interrupt is
         * kept for later rather than ending the wait.
         */
        private void waitUninterruptibly() {
            boolean interrupted = false;
            while (true) {
                try {
                    wait();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
