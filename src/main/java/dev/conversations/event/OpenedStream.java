package dev.conversations.event;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.RequestScoped;

/** The live stream ConversationEventStreamFilter opened for the current request. */
@RequestScoped
public class OpenedStream {
    private Multi<StreamedEvent> events;

    Multi<StreamedEvent> events() {
        return events;
    }

    void set(Multi<StreamedEvent> events) {
        this.events = events;
    }
}
