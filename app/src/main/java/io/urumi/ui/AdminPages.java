package io.urumi.ui;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.urumi.auth.Accounts;
import io.urumi.auth.AuditEntry;
import io.urumi.auth.AuditLog;
import io.urumi.auth.Passwords;
import io.urumi.auth.User;
import io.urumi.error.PlatformException;
import io.urumi.web.http.Caller;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pages for administrators: who may sign in, and the audit log. */
public final class AdminPages {
    static final int AUDIT_PAGE = 100;
    private final Accounts accounts;
    private final AuditLog audit;
    private final PageRenderer render;

    public AdminPages(Accounts accounts, AuditLog audit, PageRenderer render) {
        this.accounts = accounts;
        this.audit = audit;
        this.render = render;
    }

    /** What was typed into the new-user form (never the password) and what went wrong. */
    public record UserForm(String name, String role, String error, String createdName, String createdPassword) {
    }

    public void users(Context ctx) {
        usersPage(ctx, new UserForm("", "member", null, null, null));
    }

    /** A blank password means "generate one": it is shown once, on this response only. */
    public void createUser(Context ctx) {
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").trim();
        String role = ctx.formParam("role") == null ? "" : ctx.formParam("role");
        String password = ctx.formParam("password");
        ctx.attribute(Caller.AUDIT_TARGET, "user:" + name);
        boolean generated = password == null || password.isEmpty();
        String chosen = generated ? Passwords.generate() : password;
        try {
            User user = accounts.create(name, Accounts.role(role).orElseThrow(() ->
                    PlatformException.invalid("role", "Choose a role: admin or member.")), chosen);
            usersPage(ctx, new UserForm("", "member", null, user.name(), generated ? chosen : null));
        } catch (PlatformException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            ctx.attribute(Caller.AUDIT_DETAIL, e.code());
            usersPage(ctx, new UserForm(name, role, e.getMessage(), null, null));
        }
    }

    public void auditLog(Context ctx) {
        String actor = blankToNull(ctx.queryParam("actor"));
        String target = blankToNull(ctx.queryParam("target"));
        Long before = parseId(ctx.queryParam("before"));
        List<AuditEntry> entries = audit.recent(actor, target, before, AUDIT_PAGE);
        Map<String, Object> params = new HashMap<>();
        params.put("entries", entries);
        params.put("actor", actor == null ? "" : actor);
        params.put("target", target == null ? "" : target);
        params.put("older", entries.size() == AUDIT_PAGE ? entries.get(entries.size() - 1).id() : null);
        render.page(ctx, "audit.jte", "Audit log", "audit", params);
    }

    private void usersPage(Context ctx, UserForm form) {
        render.page(ctx, "users.jte", "Users", "users", Map.of("users", accounts.list(), "form", form));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static Long parseId(String s) {
        try {
            return s == null || s.isBlank() ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw PlatformException.invalid("before", "'before' must be an audit entry id (a whole number).");
        }
    }
}
