package dev.cdc.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a data-parallel classifier step splits each batch among the processes. */
class ClassifierTaskShareTest {
    @Test
    void sharesCoverTheBatchOnceWithoutGapsAndDifferByAtMostOne() {
        for (int n : new int[] {1, 7, 128, 1000}) {
            for (int world = 1; world <= 9; world++) {
                assertEquals(0, ClassifierTask.shareStart(n, world, 0));
                assertEquals(n, ClassifierTask.shareStart(n, world, world));
                for (int rank = 0; rank < world; rank++) {
                    int size = ClassifierTask.shareStart(n, world, rank + 1) - ClassifierTask.shareStart(n, world, rank);
                    assertTrue(size == n / world || size == n / world + 1, n + " records, " + world + " ranks: share " + size);
                }
            }
        }
    }

    @Test
    void aHugeBatchOnManyRanksDoesNotOverflow() {
        assertEquals(Integer.MAX_VALUE, ClassifierTask.shareStart(Integer.MAX_VALUE, 64, 64));
        assertEquals(Integer.MAX_VALUE / 2, ClassifierTask.shareStart(Integer.MAX_VALUE, 2, 1));
    }
}
