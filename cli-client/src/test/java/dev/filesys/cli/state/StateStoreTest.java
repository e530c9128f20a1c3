package dev.filesys.cli.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path directory;

    @Test
    void aMissingFileIsAnEmptyState() {
        CliState state = new StateStore(directory.resolve("none.json")).load();

        assertThat(state).isEqualTo(CliState.empty());
        assertThat(state.hasSession()).isFalse();
    }

    @Test
    void whatIsSavedIsLoadedBack() {
        StateStore store = new StateStore(directory.resolve("state.json"));
        PendingUpload upload = new PendingUpload("k1", "/api/v1/uploads/u1", "/data/a.bin", "a.bin", 42, 1000);
        CliState state = CliState.empty()
                .withSession("file-1", "http://127.0.0.1:8081", "token-1")
                .withUser("0b5c", "alice")
                .withUpload(upload);

        store.save(state);

        assertThat(store.load()).isEqualTo(state);
        assertThat(store.load().uploads()).containsEntry("k1", upload);
        assertThat(store.load().loggedIn()).isTrue();
    }

    @Test
    void theFileIsReadableByItsOwnerOnlyAndItsNewDirectoryToo() throws IOException {
        Path file = directory.resolve("config/filesys/state.json");
        new StateStore(file).save(CliState.empty().withSession("s", "http://x", "secret"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aFileOthersCouldReadIsReplacedByAPrivateOne() throws IOException {
        Path file = directory.resolve("state.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new StateStore(file).save(CliState.empty().withSession("s", "http://x", "secret"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("secret");
        try (var siblings = Files.list(directory)) {
            assertThat(siblings).containsExactly(file);
        }
    }

    @Test
    void forgettingTheSessionForgetsTheUserButKeepsPendingUploads() {
        PendingUpload upload = new PendingUpload("k1", "/api/v1/uploads/u1", "/a", "a", 1, 1);
        CliState state = CliState.empty()
                .withSession("s", "http://x", "t")
                .withUser("1", "alice")
                .withUpload(upload)
                .withoutSession();

        assertThat(state.hasSession()).isFalse();
        assertThat(state.username()).isNull();
        assertThat(state.uploads()).containsOnlyKeys("k1");
        assertThat(state.withoutUpload("k1").uploads()).isEmpty();
    }

    @Test
    void aDamagedFileIsReportedWithItsPath() throws IOException {
        Path file = directory.resolve("state.json");
        Files.writeString(file, "{not json");

        assertThatThrownBy(() -> new StateStore(file).load())
                .isInstanceOf(StateStore.StateFileUnusable.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void theUploadKeyChangesWithTheFileAndTheTargetName() {
        String key = PendingUpload.keyOf("/a.bin", 10, 1000, "a.bin", false);

        assertThat(PendingUpload.keyOf("/a.bin", 10, 1000, "a.bin", false)).isEqualTo(key);
        assertThat(PendingUpload.keyOf("/a.bin", 11, 1000, "a.bin", false)).isNotEqualTo(key);
        assertThat(PendingUpload.keyOf("/a.bin", 10, 1001, "a.bin", false)).isNotEqualTo(key);
        assertThat(PendingUpload.keyOf("/a.bin", 10, 1000, "b.bin", false)).isNotEqualTo(key);
        assertThat(PendingUpload.keyOf("/a.bin", 10, 1000, "a.bin", true)).isNotEqualTo(key);
    }
}
