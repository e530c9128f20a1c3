package dev.filesys.file.blobs;

import java.time.Instant;
import java.util.List;

/**
 * What one fsck run found: the database's {@code blobs} rows against the blob store.
 *
 * @param fix whether it fixed what is safe to fix
 * @param checksums whether it read every blob in full and checked its checksums (else sizes only)
 * @param blobRows the rows it checked (quarantined ones are only counted)
 * @param storedBlobs the blobs it found in the store
 * @param problems everything found, fixed or not, in the order found
 * @param clean true when nothing is left to fix: every problem (if any) was fixed
 */
public record FsckReport(
        Instant startedAt,
        Instant finishedAt,
        boolean fix,
        boolean checksums,
        long blobRows,
        long storedBlobs,
        List<Problem> problems,
        boolean clean) {

    /**
     * One problem.
     *
     * @param kind {@code MISSING_BLOB} (a row, no bytes), {@code ORPHAN_BLOB} (bytes older than the sweeper's grace
     *     period, no row), {@code SIZE_MISMATCH}, {@code CHECKSUM_MISMATCH}, {@code QUARANTINED_IN_USE} (files whose
     *     content was quarantined: they answer {@code BLOB_CORRUPTED} until the same bytes are uploaded again)
     * @param files how many files (current contents and versions) the blob is
     * @param fixed whether this run fixed it
     * @param action what was done or why nothing was
     */
    public record Problem(String kind, String sha256, String detail, int files, boolean fixed, String action) {}
}
