package dev.conversations.pagination;

import java.util.List;

/** A page of a list: Ada's {@code {"data":[...],"meta":{"next_page_url"}}}. */
public record Page<T>(List<T> data, PageMeta meta) {}
