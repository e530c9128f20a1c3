package dev.filesys.file.files;

import java.util.List;

/** One page of a listing: {@code page} is zero-based, {@code size} the page size asked for. */
record FilePage(List<FileView> items, int page, int size, long totalItems, long totalPages) {}
