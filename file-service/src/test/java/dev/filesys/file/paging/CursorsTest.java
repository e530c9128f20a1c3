package dev.filesys.file.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.support.ApiException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cursor codec alone: a cursor reads back as written, and only in the listing, for the user and order it was made. */
class CursorsTest {

    private final byte[] key = new byte[32];
    private final Cursors cursors = new Cursors(key);
    private final UUID user = UUID.randomUUID();
    private final UUID folder = UUID.randomUUID();
    private final Listing listing = new Listing("children", user, folder);
    private final UUID rowId = UUID.randomUUID();

    @Test
    void aCursorReadsBackAsTheRowItWasMadeAfter() {
        assertThat(roundTrip("name", new Keyset.Position(1, "Q3 report – final.pdf", rowId)))
                .isEqualTo(new Keyset.Position(1, "Q3 report – final.pdf", rowId));
        Instant time = Instant.parse("2026-12-03T10:15:30.123456Z");
        assertThat(roundTrip("createdAt,desc", new Keyset.Position(time, rowId)))
                .isEqualTo(new Keyset.Position(time, rowId));
        assertThat(roundTrip("updatedAt", new Keyset.Position(time, rowId)))
                .isEqualTo(new Keyset.Position(time, rowId));
        assertThat(roundTrip("size,desc", new Keyset.Position(0, 5_000_000_000L, rowId)))
                .isEqualTo(new Keyset.Position(5_000_000_000L, rowId));
    }

    @Test
    void anotherInstanceWithTheSameKeyAcceptsIt() {
        String cursor = cursors.write(listing, PageSort.DEFAULT, new Keyset.Position("a", rowId));

        Keyset keyset = new Cursors(key.clone()).keyset(request("name", cursor), listing);

        assertThat(keyset.after()).isEqualTo(new Keyset.Position("a", rowId));
    }

    @Test
    void aCursorOfAnotherListingUserContainerOrOrderIsRefused() {
        String cursor = cursors.write(listing, PageSort.DEFAULT, new Keyset.Position("a", rowId));

        assertInvalid(request("name", cursor), new Listing("trash", user, folder));
        assertInvalid(request("name", cursor), new Listing("children", UUID.randomUUID(), folder));
        assertInvalid(request("name", cursor), new Listing("children", user, UUID.randomUUID()));
        assertInvalid(request("name", cursor), new Listing("children", user, null));
        assertInvalid(request("name,desc", cursor), listing);
        assertInvalid(request("createdAt", cursor), listing);
    }

    @Test
    void aCursorSignedWithAnotherKeyIsRefused() {
        byte[] otherKey = key.clone();
        otherKey[0] = 1;
        String cursor = new Cursors(otherKey).write(listing, PageSort.DEFAULT, new Keyset.Position("a", rowId));

        assertInvalid(request("name", cursor), listing);
    }

    @Test
    void everyAlteredByteIsRefused() {
        String cursor = cursors.write(listing, PageSort.DEFAULT, new Keyset.Position("report.pdf", rowId));
        byte[] bytes = Base64.getUrlDecoder().decode(cursor);

        for (int i = 0; i < bytes.length; i++) {
            byte[] altered = bytes.clone();
            altered[i] ^= 1;
            assertInvalid(
                    request("name", Base64.getUrlEncoder().withoutPadding().encodeToString(altered)), listing);
        }
        assertInvalid(request("name", cursor.substring(0, cursor.length() - 1)), listing);
        assertInvalid(request("name", cursor + "AA"), listing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "!!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "a.b", "===="})
    void garbageIsRefused(String cursor) {
        assertInvalid(request("name", cursor), listing);
    }

    @Test
    void aVeryLongCursorIsRefusedUnread() {
        char[] text = new char[100_000];
        Arrays.fill(text, 'A');
        assertInvalid(request("name", new String(text)), listing);
    }

    @Test
    void aPageOfFewerRowsThanAskedIsTheLast() {
        PageRequest request = PageRequest.parse("3", null, null);

        Page<String> page = cursors.page(List.of("a", "b", "c"), request, listing, this::position);

        assertThat(page.items()).containsExactly("a", "b", "c");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void aPageOfMoreRowsThanAskedEndsAtTheLimitWithACursorAfterItsLastRow() {
        PageRequest request = PageRequest.parse("3", null, null);
        List<String> rows =
                IntStream.range(0, request.fetchSize()).mapToObj(i -> "row" + i).toList();

        Page<String> page = cursors.page(rows, request, listing, this::position);

        assertThat(page.items()).containsExactly("row0", "row1", "row2");
        assertThat(cursors.keyset(PageRequest.parse("3", page.nextCursor(), null), listing)
                        .after())
                .isEqualTo(position("row2"));
    }

    @Test
    void theFirstPageHasNoCursor() {
        assertThat(cursors.keyset(request("name", null), listing).after()).isNull();
        assertThat(cursors.keyset(request("name", ""), listing).after()).isNull();
    }

    @Test
    void aGroupKeyedOtherwiseThanTheSortReadsBackWithItsOwnKey() {
        PageSort bySize = PageSort.parse("size,desc");
        Keyset.Position folder = new Keyset.Position(0, "reports", rowId);
        String cursor = cursors.write(listing, bySize, folder);

        assertThat(cursors.keyset(request("size,desc", cursor), listing).after())
                .isEqualTo(folder);
    }

    private Keyset.Position position(String row) {
        return new Keyset.Position(row, UUID.nameUUIDFromBytes(row.getBytes()));
    }

    private Keyset.Position roundTrip(String sort, Keyset.Position position) {
        String cursor = cursors.write(listing, PageSort.parse(sort), position);
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        return cursors.keyset(request(sort, cursor), listing).after();
    }

    private static PageRequest request(String sort, String cursor) {
        return PageRequest.parse(null, cursor, sort);
    }

    private void assertInvalid(PageRequest request, Listing listing) {
        assertThatThrownBy(() -> cursors.keyset(request, listing))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_CURSOR"));
    }
}
