package io.urumi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The local API server's audit log (requests made as ServiceAccounts only; see scripts/cluster.sh), parsed. */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    /** One API request on a resource, as the authorizer saw it. */
    public record Request(String verb, String group, String resource, String namespace, String name, int code,
                          String userAgent) {
        /** {@code group/resource verb}, the unit RBAC grants ("" group for the core API). */
        public String permission() {
            return group + "/" + resource + " " + verb;
        }
    }

    /** Every resource request {@code username} made, once each (an audit event per stage is merged). */
    public List<Request> requestsBy(String username) {
        if (!Files.exists(file)) {
            return List.of();
        }
        Map<String, Request> byId = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(file)) {
            lines.map(AuditLog::parse).filter(e -> username.equals(e.path("user").path("username").asText()))
                    .filter(e -> e.has("objectRef"))
                    .forEach(e -> byId.put(e.path("auditID").asText(), request(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(byId.values());
    }

    /** How often each permission was used. */
    public static Map<String, Long> permissions(List<Request> requests) {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach(r -> counts.merge(r.permission(), 1L, Long::sum));
        return counts;
    }

    private static Request request(JsonNode event) {
        JsonNode ref = event.path("objectRef");
        String resource = ref.path("resource").asText();
        if (ref.hasNonNull("subresource")) {
            resource += "/" + ref.path("subresource").asText();
        }
        return new Request(event.path("verb").asText(), ref.path("apiGroup").asText(""), resource,
                ref.path("namespace").asText(""), ref.path("name").asText(""),
                event.path("responseStatus").path("code").asInt(0), event.path("userAgent").asText());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not an audit event: " + line, e);
        }
    }
}
