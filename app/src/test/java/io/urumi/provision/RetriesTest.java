package io.urumi.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetriesTest {
    @Test
    void backoffTriplesAfterEachFailedAttemptAndIsCappedAtFiveMinutes() {
        Retries retries = new Retries(8, Duration.ofSeconds(5));
        assertEquals(List.of(5L, 15L, 45L, 135L, 300L, 300L),
                IntStream.rangeClosed(1, 6).mapToObj(n -> retries.backoff(n).toSeconds()).toList());
    }
}
