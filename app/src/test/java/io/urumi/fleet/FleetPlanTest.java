package io.urumi.fleet;

import io.urumi.fleet.FleetPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Unit tier: how a fleet upgrade splits stores into waves. */
class FleetPlanTest {

    private static List<Integer> sizes(int stores) {
        List<String> names = IntStream.rangeClosed(1, stores).mapToObj(i -> "s" + i).toList();
        return FleetPlan.waves(names, FleetPlan.SLICE_PERCENT).stream().map(List::size).toList();
    }

    @Test
    void theCanaryGoesAloneThenAQuarterOfTheRestRoundedUpThenEverythingLeft() {
        assertEquals(List.of(1), sizes(1));
        assertEquals(List.of(1, 1), sizes(2));
        assertEquals(List.of(1, 1, 1), sizes(3));
        assertEquals(List.of(1, 1, 2), sizes(4));
        assertEquals(List.of(1, 1, 3), sizes(5));
        assertEquals(List.of(1, 2, 3), sizes(6));
        assertEquals(List.of(1, 3, 6), sizes(10));
        assertEquals(List.of(1, 25, 74), sizes(100));
    }

    @Test
    void wavesKeepTheGivenOrderAndHoldEveryStoreOnce() {
        List<List<String>> waves = FleetPlan.waves(List.of("canary", "b", "c", "d", "e"), 25);
        assertEquals(List.of(List.of("canary"), List.of("b"), List.of("c", "d", "e")), waves);
    }

    @Test
    void noStoresMeansNoWaves() {
        assertEquals(List.of(), FleetPlan.waves(List.of(), 25));
    }

    @Test
    void aSliceOfAllTheRestLeavesNoThirdWave() {
        assertEquals(List.of(List.of("a"), List.of("b", "c")), FleetPlan.waves(List.of("a", "b", "c"), 100));
    }
}
