package dev.conversations.conversation;

/** Ada's answer to ending a conversation or a handoff: {@code {"message"}}. */
public record OutcomeMessage(String message) {}
