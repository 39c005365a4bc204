package dev.conversations.tenant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;

/** An API key of a tenant. Only the SHA-256 of its secret is stored. */
@Entity
@Table(name = "api_keys")
@IdClass(ApiKey.Key.class)
public class ApiKey extends PanacheEntityBase {
    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    public String id;

    public String name;

    @Column(name = "secret_hash")
    public byte[] secretHash;

    /** Issued before API keys carried a MAC (docs/decisions/004). */
    public boolean legacy;

    /** From the database's clock (DatabaseClock), like every timestamp: replicas' clocks may disagree. */
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    /** Set by the revocation statement only (TenantAdministration). */
    @Column(name = "revoked_at", insertable = false, updatable = false)
    public OffsetDateTime revokedAt;

    public record Key(String tenantId, String id) implements Serializable {}
}
