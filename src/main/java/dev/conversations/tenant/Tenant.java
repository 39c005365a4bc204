package dev.conversations.tenant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "tenants")
public class Tenant extends PanacheEntityBase {
    @Id
    public String id;

    public String name;

    /** From the database's clock (DatabaseClock), like every timestamp: replicas' clocks may disagree. */
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
}
