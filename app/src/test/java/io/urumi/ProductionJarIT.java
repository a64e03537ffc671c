package io.urumi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What the image ships (app/target/urumi.jar and app/target/lib, see the Dockerfile) holds none of the development-only
 * devcluster module. An IT because failsafe runs after package, when the jar of this very build exists.
 */
class ProductionJarIT {
    private static final Path TARGET = Repo.root().resolve("app/target");

    @Test
    void theProductionJarHoldsNoDevclusterClass() throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve("urumi.jar").toFile())) {
            assertTrue(jar.getEntry("io/urumi/Main.class") != null, "urumi.jar holds no io/urumi/Main.class");
            List<String> devcluster = jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("io/urumi/devcluster/")).toList();
            assertEquals(List.of(), devcluster, "development-only entries in urumi.jar (if only empty directories:"
                    + " app/target/classes predates the devcluster module, mvn clean once)");
        }
    }

    @Test
    void theProductionLibrariesLeaveOutTheDevclusterModule() throws IOException {
        try (Stream<Path> lib = Files.list(TARGET.resolve("lib"))) {
            List<String> devcluster = lib.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("urumi-devcluster")).toList();
            assertEquals(List.of(), devcluster, "the development-only module in app/target/lib");
        }
    }
}
