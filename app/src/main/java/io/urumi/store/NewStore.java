package io.urumi.store;

import io.urumi.error.PlatformException;
import java.util.Set;
import java.util.regex.Pattern;

/** A validated request for a new store: a DNS-1123 name that fits every derived name, a known engine, an email. */
public record NewStore(String name, Engine engine, String adminEmail) {
    /** Short enough that urumi-&lt;id&gt; and every object the chart derives from it stay within Kubernetes' limits. */
    public static final int MAX_NAME_LENGTH = 30;
    public static final int MIN_NAME_LENGTH = 3;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    /** ASCII only: the chart's schema (format: email) and WordPress refuse what this would let through otherwise. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&*+/=?^_{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Set<String> RESERVED = Set.of("default", "admin", "api", "www", "app", "platform",
            "urumi", "dashboard", "new", "system", "store", "stores", "health", "metrics", "static", "login",
            "logout", "ingress-nginx", "cert-manager", "monitoring");

    /** Checks every field and throws the first problem, naming the field. */
    public static NewStore validate(String name, String engine, String adminEmail) {
        return new NewStore(checkName(name), checkEngine(engine), checkEmail(adminEmail));
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw PlatformException.invalid("name", "name is required: a short lowercase name such as 'my-shop'");
        }
        if (name.length() < MIN_NAME_LENGTH || name.length() > MAX_NAME_LENGTH) {
            throw PlatformException.invalid("name", "name must be " + MIN_NAME_LENGTH + " to " + MAX_NAME_LENGTH
                    + " characters long (it becomes the store's namespace, release and web address); got "
                    + name.length());
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            throw PlatformException.invalid("name", "name may contain only lowercase letters, digits and '-', "
                    + "must start with a letter and end with a letter or digit");
        }
        if (RESERVED.contains(name) || name.startsWith("kube-") || name.startsWith("urumi-")
                || name.startsWith("openshift-")) {
            throw PlatformException.invalid("name", "name '" + name + "' is reserved; choose another");
        }
        return name;
    }

    static Engine checkEngine(String engine) {
        if (engine == null || engine.isBlank()) {
            throw PlatformException.invalid("engine", "engine is required; choose one of: " + Engine.choices());
        }
        return Engine.parse(engine).orElseThrow(() -> PlatformException.invalid("engine",
                "engine must be one of: " + Engine.choices()));
    }

    static String checkEmail(String email) {
        if (email == null || email.isBlank()) {
            throw PlatformException.invalid("adminEmail", "adminEmail is required: the store owner's email address");
        }
        String trimmed = email.trim();
        if (trimmed.length() > 254 || !EMAIL.matcher(trimmed).matches()
                || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw PlatformException.invalid("adminEmail", "adminEmail must be an email address such as owner@example.com");
        }
        return trimmed;
    }
}
