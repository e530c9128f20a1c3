package dev.filesys.file.folders;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One page of a listing of folders and files ({@code kind} tells them apart), folders first.
 *
 * @param nextCursor what to send as {@code cursor} for the next page; absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ItemPage(List<Object> items, String nextCursor) {}
