-- Per-chunk CRC32Cs, so that a Range read can be checked before any of its bytes is sent: the blob is cut into chunks
-- of chunk_size bytes (the last one shorter), and chunk_crc32c holds each chunk's CRC32C as 4 big-endian bytes, in
-- order. Blobs stored before this migration have neither; their ranges are served unchecked until the same bytes are
-- uploaded again (which fills both in), while their whole reads stay checked by crc32c.
ALTER TABLE blobs
    ADD COLUMN chunk_size   integer CHECK (chunk_size > 0),
    ADD COLUMN chunk_crc32c bytea,
    ADD CONSTRAINT blobs_chunk_crc32c_complete CHECK (
        (chunk_size IS NULL AND chunk_crc32c IS NULL)
        OR (chunk_size IS NOT NULL AND chunk_crc32c IS NOT NULL
            AND octet_length(chunk_crc32c) = 4 * ((size + chunk_size - 1) / chunk_size)));
