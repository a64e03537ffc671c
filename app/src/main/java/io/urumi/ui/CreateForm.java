package io.urumi.ui;

import io.urumi.error.PlatformException;
import io.urumi.store.Engine;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The create-store form: what the user typed, kept as typed, the problem to show next to its field, and why an
 * engine's stores could not be set up on this cluster (shown before the user picks it).
 */
public record CreateForm(String name, String engine, String adminEmail, Map<String, String> errors,
                         Map<Engine, String> engineWarnings) {

    /** An engine choice of the select; {@code warning} is null when its stores can be set up here. */
    public record Option(String value, String label, boolean selected, String warning) {
        public String warningId() {
            return "engine-warning-" + value;
        }
    }

    public static CreateForm empty() {
        return new CreateForm("", Engine.values()[0].value(), "", Map.of(), Map.of());
    }

    public static CreateForm typed(String name, String engine, String adminEmail) {
        return new CreateForm(orEmpty(name), orEmpty(engine), orEmpty(adminEmail), Map.of(), Map.of());
    }

    /** The same form telling, per engine, why its stores would fail their setup here. */
    public CreateForm warning(Map<Engine, String> warnings) {
        return new CreateForm(name, engine, adminEmail, errors, Map.copyOf(warnings));
    }

    /** The same input with the refusal placed on its field; a taken name is a problem with the name. */
    public CreateForm refusedWith(PlatformException e) {
        String field = e.field() != null ? e.field() : "store_exists".equals(e.code()) ? "name" : "form";
        return new CreateForm(name, engine, adminEmail, Map.of(field, e.getMessage()), engineWarnings);
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The field's hint, its error when it has one, and for the engine each engine's warning, for aria-describedby. */
    public String describedBy(String field) {
        StringBuilder ids = new StringBuilder(field + "-hint");
        if (hasError(field)) {
            ids.append(' ').append(field).append("-error");
        }
        if ("engine".equals(field)) {
            engines().stream().filter(o -> o.warning() != null).forEach(o -> ids.append(' ').append(o.warningId()));
        }
        return ids.toString();
    }

    /** "true" on a refused field, else null so the attribute is left out. */
    public String invalid(String field) {
        return hasError(field) ? "true" : null;
    }

    /** Focus goes to the refused field, or to the first field of a fresh form. */
    public boolean focus(String field) {
        return hasErrors() ? hasError(field) : "name".equals(field);
    }

    public List<Option> engines() {
        return Arrays.stream(Engine.values()).map(e -> {
            String warning = engineWarnings.get(e);
            String label = warning == null ? Engines.label(e) : Engines.label(e) + " (cannot be set up here now)";
            return new Option(e.value(), label, e.value().equals(engine), warning);
        }).toList();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
