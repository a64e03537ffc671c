package io.urumi.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * How a fleet upgrade splits its stores into waves: one store first (the canary), then a slice of the rest, then
 * everything left. A failure in a small wave stops the fleet upgrade before it reaches the many.
 */
public final class FleetPlan {
    /** The second wave takes this share of the stores after the canary, rounded up, at least one. */
    public static final int SLICE_PERCENT = 25;

    private FleetPlan() {
    }

    /** The stores in wave order; {@code ordered} starts with the canary. Empty in, empty out. */
    public static List<List<String>> waves(List<String> ordered, int slicePercent) {
        List<List<String>> waves = new ArrayList<>();
        if (ordered.isEmpty()) {
            return waves;
        }
        waves.add(List.of(ordered.get(0)));
        List<String> rest = ordered.subList(1, ordered.size());
        if (rest.isEmpty()) {
            return waves;
        }
        int slice = Math.max(1, (int) Math.ceil(rest.size() * slicePercent / 100.0));
        waves.add(List.copyOf(rest.subList(0, slice)));
        if (slice < rest.size()) {
            waves.add(List.copyOf(rest.subList(slice, rest.size())));
        }
        return waves;
    }
}
