package dev.filesys.file.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.support.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The query parameters of a listing, and the SQL a keyset gives for them. */
class PageRequestTest {

    @Test
    void defaultsToOneHundredByNameAscending() {
        PageRequest request = PageRequest.parse(null, null, null);

        assertThat(request.limit()).isEqualTo(100);
        assertThat(request.fetchSize()).isEqualTo(101);
        assertThat(request.sort()).isEqualTo(new PageSort(SortField.NAME, false));
        assertThat(request.cursor()).isNull();
    }

    @Test
    void takesALimitFromOneToAThousand() {
        assertThat(PageRequest.parse("1", null, null).limit()).isEqualTo(1);
        assertThat(PageRequest.parse("1000", null, null).limit()).isEqualTo(1000);
        assertThat(PageRequest.parse(" 25 ", null, null).limit()).isEqualTo(25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "1000000000", "-1", "+5", "ten", "1e3", "2.5", "99999999999999999999"})
    void refusesAnyOtherLimit(String limit) {
        assertThatThrownBy(() -> PageRequest.parse(limit, null, null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_LIMIT"));
    }

    @Test
    void parsesEachSortFieldAndDirection() {
        assertThat(PageSort.parse("name")).isEqualTo(new PageSort(SortField.NAME, false));
        assertThat(PageSort.parse("createdAt,desc")).isEqualTo(new PageSort(SortField.CREATED_AT, true));
        assertThat(PageSort.parse("updatedAt,ASC")).isEqualTo(new PageSort(SortField.UPDATED_AT, false));
        assertThat(PageSort.parse("size , desc")).isEqualTo(new PageSort(SortField.SIZE, true));
        assertThat(PageSort.parse("size,desc")).hasToString("size,desc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", "Name", "name,up", "name,asc,desc", "name,", ",asc", "created_at"})
    void refusesAnyOtherSort(String sort) {
        assertThatThrownBy(() -> PageRequest.parse(null, null, sort))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_SORT"));
    }

    @Test
    void theFirstPageIsUnconditional() {
        Keyset keyset = new Keyset(PageSort.DEFAULT, null);

        assertThat(keyset.where("f")).isEqualTo("TRUE");
        assertThat(keyset.orderBy("f")).isEqualTo("f.name COLLATE \"C\" ASC, f.id ASC");
    }

    @Test
    void aLaterPageStartsAfterTheCursorsRowInTheSortsDirection() {
        UUID id = UUID.randomUUID();

        assertThat(new Keyset(PageSort.DEFAULT, new Keyset.Position("a", id)).where("f"))
                .isEqualTo("(f.name COLLATE \"C\", f.id) > (:after_key, :after_id)");
        assertThat(new Keyset(PageSort.parse("createdAt,desc"), new Keyset.Position(Instant.EPOCH, id)).where("f"))
                .isEqualTo("(f.created_at, f.id) < (:after_key, :after_id)");
        assertThat(new Keyset(PageSort.parse("size,desc"), new Keyset.Position(1L, id)).orderBy("f"))
                .isEqualTo("f.size DESC, f.id DESC");
    }

    @Test
    void groupsBeforeTheCursorsAreDoneAndGroupsAfterItAreWhole() {
        Keyset inFiles = new Keyset(PageSort.DEFAULT, new Keyset.Position(1, "a", UUID.randomUUID()));

        assertThat(inFiles.where(0, "d.name", "d.id")).isEqualTo("FALSE");
        assertThat(inFiles.where(1, "f.name", "f.id")).isEqualTo("(f.name, f.id) > (:after_key, :after_id)");
        assertThat(inFiles.where(2, "x.name", "x.id")).isEqualTo("TRUE");
    }
}
