package io.urumi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A unified diff is laid out line by line, each kept with its +/- prefix and classed by what it is. */
class DiffViewTest {

    @Test
    void eachLineKeepsItsTextAndIsClassedAsAddedRemovedHunkFileOrContext() {
        DiffView diff = DiffView.of("Rendered manifests", String.join("\n",
                "--- revision 1", "+++ upgrade", "@@ -1,3 +1,4 @@", " kind: ConfigMap", "-  a: 1", "+  a: 2",
                "+  b: 3"));

        assertEquals(List.of("file", "file", "hunk", "ctx", "del", "add", "add"),
                diff.lines().stream().map(DiffView.Line::kind).toList());
        assertEquals("+  b: 3", diff.lines().get(6).text());
        assertEquals("2 lines added, 1 removed", diff.summary());
    }

    @Test
    void anEmptyDiffSaysThereAreNoDifferences() {
        DiffView diff = DiffView.of("Values", "");
        assertTrue(diff.empty());
        assertEquals("No differences", diff.summary());
    }
}
