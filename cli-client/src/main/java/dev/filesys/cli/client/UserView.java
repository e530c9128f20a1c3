package dev.filesys.cli.client;

/**
 * A user as the server reports it.
 *
 * @param userId the user's id
 * @param username the user's (lower-case) name
 */
public record UserView(String userId, String username) {}
