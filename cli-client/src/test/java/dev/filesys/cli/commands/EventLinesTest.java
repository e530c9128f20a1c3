package dev.filesys.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.cli.client.ServerEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** How {@code filesys events} shows each kind of event to a person. */
class EventLinesTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private ServerEvent event(long id, String type, String data) {
        return new ServerEvent(id, type, json.readTree(data));
    }

    @Test
    void sharesUnsharesAndDeletionsNameTheOwnerAndTheFile() {
        assertThat(FilesysCommands.describe(
                        event(42, "file_shared", "{\"owner\":\"alice\",\"fileName\":\"report.pdf\"}")))
                .isEqualTo("42 file_shared: alice shared report.pdf with you");
        assertThat(FilesysCommands.describe(event(
                        43,
                        "file_shared",
                        "{\"owner\":\"alice\",\"fileName\":\"a.txt\",\"expiresAt\":\"2026-12-31T23:00:00Z\"}")))
                .isEqualTo("43 file_shared: alice shared a.txt with you until 2026-12-31T23:00:00Z");
        assertThat(FilesysCommands.describe(
                        event(44, "file_unshared", "{\"owner\":\"alice\",\"fileName\":\"report.pdf\"}")))
                .isEqualTo("44 file_unshared: alice stopped sharing report.pdf with you");
        assertThat(FilesysCommands.describe(
                        event(45, "file_deleted", "{\"owner\":\"alice\",\"fileName\":\"report.pdf\"}")))
                .isEqualTo("45 file_deleted: alice deleted report.pdf");
        assertThat(FilesysCommands.describe(
                        event(48, "item_trashed", "{\"owner\":\"alice\",\"kind\":\"file\",\"name\":\"report.pdf\"}")))
                .isEqualTo("48 item_trashed: alice moved the file report.pdf to the trash");
        assertThat(FilesysCommands.describe(
                        event(49, "item_restored", "{\"owner\":\"alice\",\"kind\":\"folder\",\"name\":\"q3\"}")))
                .isEqualTo("49 item_restored: alice restored the folder q3 from the trash");
    }

    @Test
    void sessionsResyncAndUnknownTypesAreShownToo() {
        assertThat(FilesysCommands.describe(
                        event(46, "session_closed", "{\"sessionId\":\"s-1\",\"reason\":\"expired\"}")))
                .isEqualTo("46 session_closed: your session s-1 ended (expired)");
        assertThat(FilesysCommands.describe(event(47, "resync", "{\"reason\":\"events_missed\"}")))
                .isEqualTo("47 resync: some events were missed; list your files again");
        assertThat(FilesysCommands.describe(event(-1, "something_new", "{\"x\":1}")))
                .isEqualTo("something_new: {\"x\":1}");
    }
}
