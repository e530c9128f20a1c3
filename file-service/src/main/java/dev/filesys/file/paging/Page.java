package dev.filesys.file.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing, as every listing answers: the items in order, and the cursor of the next page (absent on the
 * last one).
 *
 * @param nextCursor what to send as {@code cursor} for the next page; null when this page is the last
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /** The same page with each item converted. */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<R>(items.stream().<R>map(mapper).toList(), nextCursor);
    }
}
