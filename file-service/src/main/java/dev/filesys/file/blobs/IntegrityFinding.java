package dev.filesys.file.blobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A blob the scrubber or fsck found damaged or missing, with the files it affects now (current contents and earlier
 * versions) and their owners.
 *
 * @param kind {@code CORRUPTED} (the bytes fail their checksums; they were quarantined) or {@code MISSING} (the row is
 *     there, the bytes are not)
 * @param state {@code QUARANTINED} (still out of service: downloads answer {@code BLOB_CORRUPTED}), {@code MISSING},
 *     {@code HEALED} (the same bytes were uploaded again) or {@code REMOVED} (no file references it any more and the
 *     sweeper removed it)
 * @param detail what differed, for a person
 * @param foundBy the instance (server id) that found it, and how ({@code scrub} or {@code fsck})
 */
public record IntegrityFinding(
        String sha256,
        String kind,
        String state,
        String detail,
        String foundBy,
        Instant foundAt,
        List<AffectedFile> files) {

    /** A file whose content (or one of whose versions) is the blob. */
    public record AffectedFile(UUID fileId, String name, UUID ownerId, String owner, boolean currentContent) {}
}
