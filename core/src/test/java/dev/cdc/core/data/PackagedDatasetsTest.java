package dev.cdc.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real data sets, as {@code cdc data fetch} leaves them in the data directory. CI fetches
 * them first; elsewhere these tests skip and say how to fetch.
 */
class PackagedDatasetsTest {

    @ParameterizedTest
    @EnumSource(KnownDataset.class)
    void fetchedFilesMatchTheirMd5AndRead(KnownDataset dataset) throws IOException {
        Path root = DataDirectory.resolve();
        List<DatasetVerifier.FileCheck> checks = DatasetVerifier.verify(dataset, root);
        boolean present = checks.stream().allMatch(c -> c.actual() != null);
        assumeTrue(present, () -> {
            String why = "skipped: " + dataset.id() + " is not in " + root + "; run `bin/cdc data fetch` (or set CDC_DATA)";
            System.out.println(why);
            return why;
        });
        for (DatasetVerifier.FileCheck check : checks) {
            assertTrue(check.ok(), check.path() + " MD5 " + check.actual() + ", expected " + check.expected());
        }
        ImageSet train = dataset.readTrain(root);
        ImageSet test = dataset.readTest(root);
        assertEquals(60000, train.count());
        assertEquals(10000, test.count());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        int[] perClass = new int[10];
        for (int label : test.labels()) {
            perClass[label]++;
        }
        for (int count : perClass) {
            assertTrue(count > 800, "every class is well represented in the test set");
        }
    }
}
