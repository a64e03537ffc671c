package io.urumi.ui;

import io.urumi.error.PlatformException;
import io.urumi.store.Engine;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The create-store form: what the user typed, kept as typed, and the problem to show next to its field. */
public record CreateForm(String name, String engine, String adminEmail, Map<String, String> errors) {

    /** An engine choice of the select. */
    public record Option(String value, String label, boolean selected) {
    }

    public static CreateForm empty() {
        return new CreateForm("", Engine.values()[0].value(), "", Map.of());
    }

    public static CreateForm typed(String name, String engine, String adminEmail) {
        return new CreateForm(orEmpty(name), orEmpty(engine), orEmpty(adminEmail), Map.of());
    }

    /** The same input with the refusal placed on its field; a taken name is a problem with the name. */
    public CreateForm refusedWith(PlatformException e) {
        String field = e.field() != null ? e.field() : "store_exists".equals(e.code()) ? "name" : "form";
        return new CreateForm(name, engine, adminEmail, Map.of(field, e.getMessage()));
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

    /** The field's hint, and its error when it has one, for aria-describedby. */
    public String describedBy(String field) {
        return hasError(field) ? field + "-hint " + field + "-error" : field + "-hint";
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
        return Arrays.stream(Engine.values())
                .map(e -> new Option(e.value(), Engines.label(e), e.value().equals(engine))).toList();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
