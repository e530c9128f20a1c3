-- A resumable upload that replaces a file may carry the If-Match of the version its client read (the creation request's
-- header, as sent): the completion checks it then, so a file changed while the bytes travelled is refused with 412
-- rather than overwritten. Null: no precondition.
ALTER TABLE uploads ADD COLUMN if_match text CHECK (length(if_match) <= 1024);
