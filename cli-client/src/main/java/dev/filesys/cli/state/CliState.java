package dev.filesys.cli.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the CLI remembers between runs. Never a password; the session token is the only secret, which is why the file
 * is readable by its owner only.
 *
 * @param serverId the file-service the session was opened with, or {@code null} when there is no session
 * @param serverUrl that file-service's base URL, or {@code null}
 * @param sessionToken the bearer token of the open session, or {@code null}
 * @param userId the logged-in user's id as last reported by the server, or {@code null}
 * @param username the logged-in user's name, or {@code null}
 * @param uploads uploads begun but not finished, by {@link PendingUpload#key()}
 */
public record CliState(
        String serverId,
        String serverUrl,
        String sessionToken,
        String userId,
        String username,
        Map<String, PendingUpload> uploads) {

    public CliState {
        uploads = uploads == null ? Map.of() : Map.copyOf(uploads);
    }

    public static CliState empty() {
        return new CliState(null, null, null, null, null, Map.of());
    }

    public boolean hasSession() {
        return sessionToken != null && serverUrl != null;
    }

    public boolean loggedIn() {
        return hasSession() && username != null;
    }

    /** The same user and uploads on a new (or adopted) session. */
    public CliState withSession(String serverId, String serverUrl, String sessionToken) {
        return new CliState(serverId, serverUrl, sessionToken, userId, username, uploads);
    }

    /** Forgets the session and the user; pending uploads stay (the server may still have them). */
    public CliState withoutSession() {
        return new CliState(null, null, null, null, null, uploads);
    }

    public CliState withUser(String userId, String username) {
        return new CliState(serverId, serverUrl, sessionToken, userId, username, uploads);
    }

    /** The same session and user with these pending uploads. */
    public CliState withUploads(Map<String, PendingUpload> uploads) {
        return new CliState(serverId, serverUrl, sessionToken, userId, username, uploads);
    }

    public CliState withUpload(PendingUpload upload) {
        Map<String, PendingUpload> changed = new LinkedHashMap<>(uploads);
        changed.put(upload.key(), upload);
        return withUploads(changed);
    }

    public CliState withoutUpload(String key) {
        Map<String, PendingUpload> changed = new LinkedHashMap<>(uploads);
        changed.remove(key);
        return withUploads(changed);
    }
}
