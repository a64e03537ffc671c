package io.urumi.error;

/** A failure the platform explains to people: a stable code, a kind that maps to HTTP, and a plain message. */
public class PlatformException extends RuntimeException {
    /** What went wrong, from the caller's point of view. */
    public enum Kind { INVALID, FORBIDDEN, NOT_FOUND, CONFLICT, UNAVAILABLE }

    private final Kind kind;
    private final String code;
    private final String field;

    public PlatformException(Kind kind, String code, String field, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public static PlatformException invalid(String field, String message) {
        return new PlatformException(Kind.INVALID, "invalid_" + field, field, message);
    }

    public static PlatformException notFound(String message) {
        return new PlatformException(Kind.NOT_FOUND, "not_found", null, message);
    }

    /** A limit on how much one may have (stores on the platform, stores per user) is reached. */
    public static PlatformException quota(String message) {
        return new PlatformException(Kind.FORBIDDEN, "quota_exceeded", null, message);
    }

    public static PlatformException conflict(String code, String message) {
        return new PlatformException(Kind.CONFLICT, code, null, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
