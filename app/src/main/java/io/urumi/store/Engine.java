package io.urumi.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The e-commerce engines a store can run; the chart holds what differs between them. */
public enum Engine {
    WOOCOMMERCE("woocommerce"),
    MEDUSA("medusa");

    private final String value;

    Engine(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Engine> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.value.equals(wanted)).findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(Engine::value).collect(Collectors.joining(", "));
    }
}
