package dev.conversations.tenant;

import jakarta.enterprise.context.RequestScoped;

/** The tenant whose API key authenticated the current request. */
@RequestScoped
public class CurrentTenant {
    private String id;

    public String id() {
        if (id == null) {
            throw new IllegalStateException("No tenant was authenticated for this request");
        }
        return id;
    }

    public boolean isAuthenticated() {
        return id != null;
    }

    void authenticate(String tenantId) {
        this.id = tenantId;
    }
}
