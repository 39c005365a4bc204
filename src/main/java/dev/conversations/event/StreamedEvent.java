package dev.conversations.event;

/** One item of a live stream: an event (id, type, payload as delivered to webhooks) or a heartbeat (all null). */
public record StreamedEvent(String id, String type, String payload) {
    static final StreamedEvent HEARTBEAT = new StreamedEvent(null, null, null);

    public boolean heartbeat() {
        return id == null;
    }
}
