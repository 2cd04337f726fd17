package dev.cdc.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentReportTest {
    private static ExperimentRow row(String method, int k, double ratio, double raw, double codec) {
        return ExperimentRow.measured(method, k, method.equals("raw") ? "8-bit pixels" : "trained from scratch", 784 / ratio,
                ratio, Accuracy.single(raw), Accuracy.single(codec), 0, 0);
    }

    @Test
    void lossesAreAgainstTheRawRowOnRawImagesUnderBothProtocols() {
        List<ExperimentRow> table = ExperimentReport.compared(List.of(row("raw", 8, 1, 0.91, 0.91),
                row("cdc", 2, 30, 0.905, 0.908), row("unguided", 2, 30, 0.90, 0.89)));
        ExperimentRow cdc = table.get(1);
        assertEquals(0.5, cdc.lossRaw(), 1e-9);
        assertEquals(0.2, cdc.lossCodec(), 1e-9);
        assertEquals(2.0, cdc.unguidedOverCdcRaw(), 1e-9, "unguided lost 1.0 on (R) against CDC's 0.5");
        assertEquals(10.0, cdc.unguidedOverCdcCodec(), 1e-9, "2.0 on (C) against 0.2");
        assertEquals(null, table.get(2).unguidedOverCdcRaw());
    }

    @Test
    void aTargetNeedsBothProtocolsAndTheGuidanceTargetIsJudgedAtThePapersRow() {
        List<ExperimentRow> table = ExperimentReport.compared(List.of(row("raw", 8, 1, 0.91, 0.91),
                row("cdc", 2, 30, 0.90, 0.895), row("cdc", 4, 15.6, 0.905, 0.906), row("unguided", 2, 30, 0.89, 0.88),
                row("unguided", 4, 15.6, 0.90, 0.895)));
        Map<String, String> targets = ExperimentReport.targets(table);
        String paper = targets.get("paper: >= 15x at <= 1.06 points loss on (R) and (C)");
        assertTrue(paper.startsWith("met by cdc k=4: 15.6x"), "k=2 loses 1.5 points on (C), k=4 0.5 and 0.4: " + paper);
        String goal = targets.get("goal: >= 30x at <= 1.0 points loss on (R) and (C)");
        assertTrue(goal.startsWith("missed"), "k=2 loses 1.5 on (C): " + goal);
        String guidance = targets.get("guidance: unguided loses >= 2x CDC's loss on (C) and no less on (R), at the paper's row");
        assertTrue(guidance.startsWith("met at cdc k=4") && guidance.contains("3.75x on (C)") && guidance.contains("2.00x on (R)"),
                "unguided at k=4 loses 1.5 (C) and 1.0 (R) against 0.4 and 0.5: " + guidance);
    }
}
