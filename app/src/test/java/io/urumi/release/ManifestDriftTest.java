package io.urumi.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.urumi.drift.Drift;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestDriftTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String MANIFEST = """
            ---
            # Source: ecommerce-store/templates/woocommerce/wordpress-service.yaml
            apiVersion: v1
            kind: Service
            metadata:
              name: urumi-shop-web
              labels: {app.kubernetes.io/name: web}
            spec:
              ports: [{name: http, port: 80, targetPort: http}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: urumi-shop-web
              labels: {app.kubernetes.io/managed-by: urumi}
            spec:
              replicas: 1
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: wordpress
                      image: wordpress:6.4
                      resources:
                        requests: {cpu: 0.5, memory: 256Mi}
                      env:
                        - {name: A, value: "1"}
                      volumeMounts:
                        - {name: data, mountPath: /a, subPath: a}
                        - {name: data, mountPath: /b, subPath: b}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: urumi-shop-setup
              annotations: {helm.sh/hook: post-install}
            """;

    private static final String LIVE_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: urumi-shop-web
              namespace: store-shop
              uid: 1234
              resourceVersion: "99"
              generation: 3
              labels: {app.kubernetes.io/managed-by: Helm}
              annotations: {deployment.kubernetes.io/revision: "2", meta.helm.sh/release-name: urumi-shop}
            spec:
              replicas: 1
              progressDeadlineSeconds: 600
              template:
                metadata:
                  labels: {app: web}
                  annotations: {urumi.io/restartedAt: "2026-01-01T00:00:00Z"}
                spec:
                  containers:
                    - name: wordpress
                      image: wordpress:6.4
                      imagePullPolicy: IfNotPresent
                      terminationMessagePath: /dev/termination-log
                      resources:
                        requests: {cpu: 500m, memory: 256Mi}
                      env:
                        - {name: INJECTED, value: x}
                        - {name: A, value: "1"}
                      volumeMounts:
                        - {name: data, mountPath: /a, subPath: a}
                        - {name: data, mountPath: /b, subPath: b}
            status: {readyReplicas: 1}
            """;

    @Test
    void hooksAreNotPartOfTheComparedObjects() {
        List<Map<String, Object>> objects = ManifestDrift.objects(MANIFEST);
        assertEquals(List.of("Service", "Deployment"), objects.stream().map(o -> o.get("kind")).toList());
    }

    @Test
    void aLiveObjectWithDefaultsStatusServerMetadataHelmsOwnershipAndTheRestartAnnotationDoesNotDrift() {
        assertEquals(List.of(), ManifestDrift.differences(deployment(), parse(LIVE_DEPLOYMENT)));
    }

    @Test
    void anObjectTheClusterNoLongerHasIsMissing() {
        List<Drift.Difference> found = ManifestDrift.compare(ManifestDrift.objects(MANIFEST),
                ref -> ref.kind().equals("Deployment") ? parse(LIVE_DEPLOYMENT) : null);
        assertEquals(List.of(new Drift.Difference("Service", "urumi-shop-web", Drift.Change.MISSING, "", null, null)),
                found);
    }

    @Test
    void changedReplicasAndImageAreReportedWithTheirPathAndBothValues() {
        String live = LIVE_DEPLOYMENT.replace("replicas: 1", "replicas: 3")
                .replace("image: wordpress:6.4", "image: wordpress:latest");
        List<Drift.Difference> found = ManifestDrift.differences(deployment(), parse(live));
        assertEquals(List.of(
                new Drift.Difference("Deployment", "urumi-shop-web", Drift.Change.CHANGED, "spec.replicas", "1", "3"),
                new Drift.Difference("Deployment", "urumi-shop-web", Drift.Change.CHANGED,
                        "spec.template.spec.containers[wordpress].image", "wordpress:6.4", "wordpress:latest")),
                found);
    }

    @Test
    void quantitiesCompareByAmountNotByText() {
        String live = LIVE_DEPLOYMENT.replace("cpu: 500m", "cpu: 250m");
        List<Drift.Difference> found = ManifestDrift.differences(deployment(), parse(live));
        assertEquals(1, found.size(), found.toString());
        assertEquals("spec.template.spec.containers[wordpress].resources.requests.cpu", found.get(0).path());
        assertEquals("0.5", found.get(0).manifest());
        assertEquals("250m", found.get(0).live());
    }

    @Test
    void aNamedItemOrALabelRemovedFromTheLiveObjectIsReportedAsUnset() {
        String live = LIVE_DEPLOYMENT.replace("labels: {app: web}", "labels: {other: x}")
                .replace("- {name: A, value: \"1\"}", "");
        List<Drift.Difference> found = ManifestDrift.differences(deployment(), parse(live));
        assertEquals(List.of("spec.template.metadata.labels.app", "spec.template.spec.containers[wordpress].env[A]"),
                found.stream().map(Drift.Difference::path).toList());
        assertNull(found.get(0).live());
        assertTrue(found.get(0).describe().contains("is unset, manifest says web"), found.get(0).describe());
    }

    @Test
    void aSecretSaysOnlyThatItsDataDiffersAndNeverShowsAValue() {
        Map<String, Object> manifest = parse("""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                stringData: {password: hunter2-manifest}
                """);
        Map<String, Object> live = parse("""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                data: {password: aHVudGVyMi1saXZl}
                """);
        List<Drift.Difference> found = ManifestDrift.differences(manifest, live);
        assertEquals(List.of(new Drift.Difference("Secret", "creds", Drift.Change.SECRET_DATA, "data", null, null)),
                found);
        String shown = found.toString() + found.get(0).describe();
        assertFalse(shown.contains("hunter2") || shown.contains("aHVudGVy"), shown);
        assertTrue(found.get(0).describe().contains("data differs"));

        Map<String, Object> same = parse("""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                data: {password: aHVudGVyMi1tYW5pZmVzdA==}
                """);
        assertEquals(List.of(), ManifestDrift.differences(manifest, same));
    }

    private static Map<String, Object> deployment() {
        return ManifestDrift.objects(MANIFEST).get(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        try {
            return YAML.readValue(yaml, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
