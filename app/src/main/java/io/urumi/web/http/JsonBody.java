package io.urumi.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.HttpResponseException;
import io.urumi.error.PlatformException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/** Reads a JSON object body strictly: right content type, an object, only known fields, strings where expected. */
public final class JsonBody {
    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody read(Context ctx, ObjectMapper mapper, Set<String> allowedFields) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "Send the request body as JSON with Content-Type: application/json");
        }
        JsonNode node;
        try {
            node = mapper.readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            throw PlatformException.invalid("body", "The request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw PlatformException.invalid("body", "The request body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw PlatformException.invalid("body", "The request body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw PlatformException.invalid(safeFieldName(name), "Unknown field '" + safeFieldName(name)
                        + "'; allowed fields: " + String.join(", ", allowedFields));
            }
        }
        return new JsonBody(node);
    }

    /** The field as a string, null when absent; any other JSON type is refused, naming the field. */
    public String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw PlatformException.invalid(field, field + " must be a string");
        }
        return value.asText();
    }

    /** The field as a whole number of at least 1; absent or any other JSON type is refused, naming the field. */
    public int positiveInt(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw PlatformException.invalid(field, field + " must be a whole number of at least 1");
        }
        return value.asInt();
    }

    /** An unknown field name is echoed back only in a harmless, shortened form. */
    private static String safeFieldName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
    }
}
