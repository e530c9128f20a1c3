package dev.filesys.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.cli.client.FileLookup;
import dev.filesys.cli.client.FileView;
import dev.filesys.cli.client.RequestRefused;
import dev.filesys.cli.client.Scope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileResolverTest {

    private static final String ALICE_REPORT = "0b5c2f7e-1111-4c1a-9a3e-0123456789ab";
    private static final String BOB_REPORT = "5d1e9a40-2222-4c1a-9a3e-0123456789ab";
    private static final String CAROL_REPORT = "7f00aa11-3333-4c1a-9a3e-0123456789ab";

    private final FakeLookup lookup = new FakeLookup();
    private final FileResolver resolver = new FileResolver(lookup);

    @Test
    void anIdIsLookedUpDirectly() {
        lookup.shared.add(file(BOB_REPORT, "report.pdf", "bob"));

        assertThat(resolver.resolve(BOB_REPORT).fileId()).isEqualTo(BOB_REPORT);
        assertThat(lookup.listed).isEmpty();
    }

    @Test
    void aNameFindsTheUsersOwnFileBeforeASharedOne() {
        lookup.owned.add(file(ALICE_REPORT, "report.pdf", "alice"));
        lookup.shared.add(file(BOB_REPORT, "report.pdf", "bob"));

        assertThat(resolver.resolve("report.pdf").fileId()).isEqualTo(ALICE_REPORT);
    }

    @Test
    void aNameFallsBackToTheFilesSharedWithTheUser() {
        lookup.owned.add(file(ALICE_REPORT, "other.pdf", "alice"));
        lookup.shared.add(file(BOB_REPORT, "report.pdf", "bob"));

        assertThat(resolver.resolve("report.pdf").fileId()).isEqualTo(BOB_REPORT);
        assertThat(lookup.listed).containsExactly(Scope.OWNED, Scope.SHARED);
    }

    @Test
    void twoSharedFilesOfOneNameNeedTheId() {
        lookup.shared.add(file(BOB_REPORT, "report.pdf", "bob"));
        lookup.shared.add(file(CAROL_REPORT, "report.pdf", "carol"));

        assertThatThrownBy(() -> resolver.resolve("report.pdf"))
                .isInstanceOfSatisfying(CliFailure.class, f -> {
                    assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(f.code()).isEqualTo("AMBIGUOUS_FILE");
                })
                .hasMessageContaining(BOB_REPORT + " (from bob)")
                .hasMessageContaining(CAROL_REPORT + " (from carol)");
    }

    @Test
    void namesAreComparedInTheFormTheServerStoresThem() {
        lookup.owned.add(file(ALICE_REPORT, "caf\u00e9.txt", "alice"));

        assertThat(resolver.resolve("cafe\u0301.txt").fileId()).isEqualTo(ALICE_REPORT);
    }

    @Test
    void anIdThatIsNotAUuidIsTriedAfterTheNames() {
        lookup.owned.add(file("f-42", "report.pdf", "alice"));

        assertThat(resolver.resolve("f-42").name()).isEqualTo("report.pdf");
    }

    @Test
    void nothingFoundIsNotFound() {
        lookup.owned.add(file(ALICE_REPORT, "report.pdf", "alice"));

        assertThatThrownBy(() -> resolver.resolve("missing.pdf"))
                .isInstanceOfSatisfying(CliFailure.class, f -> {
                    assertThat(f.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
                    assertThat(f.code()).isEqualTo("FILE_NOT_FOUND");
                })
                .hasMessage("no file 'missing.pdf' among your files or the files shared with you");
        assertThatThrownBy(() -> resolver.resolve(CAROL_REPORT))
                .isInstanceOfSatisfying(
                        CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.NOT_FOUND));
    }

    private static FileView file(String id, String name, String owner) {
        return new FileView(id, name, 10, "ab", null, null, null, owner, null, null, List.of(), null, null, 1);
    }

    /** Answers from lists, as the server would: 404 for an id the user cannot see. */
    private static final class FakeLookup implements FileLookup {

        final List<FileView> owned = new ArrayList<>();
        final List<FileView> shared = new ArrayList<>();
        final List<Scope> listed = new ArrayList<>();

        @Override
        public List<FileView> list(Scope scope) {
            listed.add(scope);
            return scope == Scope.OWNED ? owned : shared;
        }

        @Override
        public FileView info(String fileId) {
            return java.util.stream.Stream.concat(owned.stream(), shared.stream())
                    .filter(f -> f.fileId().equals(fileId))
                    .findFirst()
                    .orElseThrow(() -> new RequestRefused(404, "FILE_NOT_FOUND", "No such file.", null));
        }
    }
}
