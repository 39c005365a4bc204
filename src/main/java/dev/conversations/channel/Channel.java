package dev.conversations.channel;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import org.hibernate.annotations.ColumnTransformer;

@Entity
@Table(name = "channels")
@IdClass(Channel.Key.class)
public class Channel extends PanacheEntityBase {
    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    public String id;

    public String name;

    public String description;

    public String modality;

    /**
     * The metadata object as JSON text. Cast explicitly in SQL instead of through an ORM JSON mapper, so numbers
     * are never converted on the way (PostgreSQL's numeric keeps them exact).
     */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(read = "metadata::text", write = "?::text::jsonb")
    public String metadata;

    /** From the database's clock (DatabaseClock), like every timestamp: replicas' clocks may disagree. */
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    public record Key(String tenantId, String id) implements Serializable {}
}
