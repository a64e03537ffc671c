package io.urumi.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes Helm's release record as its Secret storage driver keeps it: the Secret's {@code release} field
 * holds base64 of the gzipped release JSON (info, chart with templates and values, config, manifest).
 */
public final class ReleaseRecordCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseRecordCodec() {
    }

    /** Decodes the Secret's {@code release} field (as the API returns it: base64 of Helm's own base64 text). */
    public static ObjectNode decode(String secretField) {
        byte[] helmText = Base64.getDecoder().decode(secretField);
        byte[] gzipped = Base64.getDecoder().decode(helmText);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable Helm release record", e);
        }
    }

    /** Encodes a release JSON back into the Secret's {@code release} field value. */
    public static String encode(ObjectNode release) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(JSON.writeValueAsBytes(release));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String helmText = Base64.getEncoder().encodeToString(bytes.toByteArray());
        return Base64.getEncoder().encodeToString(helmText.getBytes(StandardCharsets.US_ASCII));
    }
}
