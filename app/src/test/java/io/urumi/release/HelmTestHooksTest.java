package io.urumi.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which of a release's hooks are tests, in which order they run, and what is deleted when: as `helm test` does. */
class HelmTestHooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onlyTestHooksRunLightestFirstThenByName() throws Exception {
        ObjectNode release = (ObjectNode) JSON.readTree("""
                {"hooks": [
                  {"name": "setup", "kind": "Job", "events": ["post-install", "post-upgrade"], "weight": -10},
                  {"name": "web-check", "kind": "Job", "events": ["test"], "weight": 5},
                  {"name": "db-check", "kind": "Job", "events": ["test"], "weight": 5},
                  {"name": "smoke", "kind": "Job", "events": ["pre-install", "test"], "weight": -1}
                ]}""");
        assertEquals(List.of("smoke", "db-check", "web-check"),
                HelmTestHooks.testHooks(release).stream().map(h -> h.path("name").asText()).toList());
        assertEquals(List.of(), HelmTestHooks.testHooks((ObjectNode) JSON.readTree("{\"name\": \"no-hooks\"}")));
    }

    @Test
    void aHookWithoutDeletePolicyIsReplacedBeforeItsNextRun() throws Exception {
        assertEquals(Set.of("before-hook-creation"), HelmTestHooks.policies(JSON.readTree("{\"name\": \"t\"}")));
        assertEquals(Set.of("hook-succeeded", "hook-failed"), HelmTestHooks.policies(JSON.readTree(
                "{\"delete_policies\": [\"hook-succeeded\", \"hook-failed\"]}")));
    }
}
