package dev.filesys.cli.client;

import tools.jackson.databind.JsonNode;

/**
 * One frame of the user's event stream ({@code GET /api/v1/events}).
 *
 * @param id the event id ({@code id:}), or -1 for a frame without one
 * @param type the {@code event:} type, e.g. {@code file_shared}, {@code resync}
 * @param data the {@code data:} JSON
 */
public record ServerEvent(long id, String type, JsonNode data) {}
