/**
 * Paging of every listing: the query parameters ({@code limit}, {@code cursor}, {@code sort}), keyset conditions for
 * SQL, the page a listing answers with, and the signed cursors that carry a listing from one page to the next.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.paging;
