package dev.conversations.admin;

import java.util.List;

public record ListView<T>(List<T> data) {}
