package dev.cdc.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model's guidance read back from the settings its provenance recorded, old files included. */
class GuidanceSettingsTest {
    @Test
    void recordedSettingsComeBackAsTheyWereGiven() {
        Guidance guidance = Guidance.fromSettings(Map.of("guidance", "distill", "lambda", 0.3, "temperature", 2));
        assertEquals(new Guidance(Guidance.Kind.DISTILL, 0.3, 2), guidance);
    }

    @Test
    void firstWaveSettingsHaveTheWeightAloneAndMeantCrossEntropy() {
        assertEquals(new Guidance(Guidance.Kind.CE, 0.05, Guidance.DEFAULT_TEMPERATURE), Guidance.fromSettings(Map.of("lambda", 0.05)));
        assertEquals(Guidance.defaultLambda(Guidance.Kind.CE), Guidance.fromSettings(Map.of()).lambda());
    }

    @Test
    void anUnknownKindIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Guidance.fromSettings(Map.of("guidance", "telepathy")));
    }
}
