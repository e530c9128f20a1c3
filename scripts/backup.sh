#!/usr/bin/env bash
# A consistent backup of filesys while it keeps serving: the database first, then the blobs.
#
#   FILESYS_DATABASE_URL=postgresql://filesys:secret@db:5432/filesys \
#   FILESYS_STORAGE_ROOT=/data/blobs scripts/backup.sh /backups/filesys-2026-12-03
#
# or, for the S3 store, with the file-services' own S3 settings (and rclone, see s3-remote.sh):
#
#   FILESYS_DATABASE_URL=… FILESYS_STORAGE_TYPE=s3 FILESYS_STORAGE_S3_ENDPOINT=http://minio:9000 \
#   FILESYS_STORAGE_S3_BUCKET=filesys-blobs FILESYS_STORAGE_S3_ACCESS_KEY=… FILESYS_STORAGE_S3_SECRET_KEY=… \
#   scripts/backup.sh /backups/filesys-2026-12-03
#
# Why this order is consistent: blobs are immutable and named by their SHA-256, and a file's row is committed only
# after its blob is durable. So every blob the dump references was in the store when the dump began, and copying the
# store after the dump finds it there, as long as nothing removes it in between. The script makes that explicit: it
# first writes a sweep hold (table blob_sweep_holds), waits until no sweeper removal that began before the hold is still
# running (an advisory lock every removal holds shared), and lifts the hold when the copy is done (or after
# FILESYS_BACKUP_HOLD, should the script die). Blobs uploaded during the backup may be copied too; the restored
# database does not know them, and the sweeper removes them after its grace period.
#
# Either store gives the same backup, a local directory (restore.sh puts it back into either store):
#   <dir>/database.dump   pg_dump --format=custom
#   <dir>/blobs/ab/cd/…   the blob files, as under the storage root (or the bucket's blobs/ prefix)
#   <dir>/MANIFEST        when, what, how many
# Needs psql and pg_dump of the server's major version (or newer); for the S3 store, rclone.
set -euo pipefail
# the backup holds every user's files and the password hashes: for its owner only
umask 077

usage() {
  echo "usage: FILESYS_DATABASE_URL=… FILESYS_STORAGE_ROOT=… $0 <new backup directory>" >&2
  echo "   or: FILESYS_DATABASE_URL=… FILESYS_STORAGE_TYPE=s3 FILESYS_STORAGE_S3_…=… $0 <new backup directory>" >&2
  exit 2
}
[[ $# -eq 1 ]] || usage
dest=$1
db=${FILESYS_DATABASE_URL:?FILESYS_DATABASE_URL: the database, as a libpq URL (postgresql://user:password@host:port/db)}
store=${FILESYS_STORAGE_TYPE:-local}
case $store in
  local)
    root=${FILESYS_STORAGE_ROOT:?FILESYS_STORAGE_ROOT: the blob store root of the file-services}
    [[ -d $root ]] || { echo "backup: no blob root at $root" >&2; exit 1; } ;;
  s3)
    source "$(dirname "$0")/s3-remote.sh"
    # fails early (before the hold) when the bucket cannot be reached or read
    rclone lsf --max-depth 1 "filesys:$s3_bucket" >/dev/null ;;
  *) echo "backup: FILESYS_STORAGE_TYPE must be local or s3, not $store" >&2; exit 2 ;;
esac
hold_for=${FILESYS_BACKUP_HOLD:-6 hours}
# the advisory lock of the sweeper's removals (BlobSweeper.HOLD_LOCK_CLASS, "hold"), second key 0
hold_lock=1752132708

if [[ -e $dest ]] && [[ -n $(ls -A "$dest") ]]; then
  echo "backup: $dest exists and is not empty" >&2
  exit 1
fi
mkdir -p "$dest/blobs"

hold="backup $(date -u +%Y-%m-%dT%H:%M:%SZ) $(hostname) $$"
psql() { command psql --no-psqlrc --quiet --set ON_ERROR_STOP=1 --dbname "$db" "$@"; }
# psql interpolates :'variables' (quoted as literals) in what it reads from stdin, not in -c
lift() { psql --set name="$hold" <<< "DELETE FROM blob_sweep_holds WHERE name = :'name'" || true; }

psql --set name="$hold" --set hold_for="$hold_for" \
  <<< "INSERT INTO blob_sweep_holds (name, held_until) VALUES (:'name', now() + CAST(:'hold_for' AS interval))"
trap lift EXIT
# every removal that began before the hold holds this lock shared: once we get it, none is left
psql -c "SELECT pg_advisory_lock($hold_lock, 0)" -c "SELECT pg_advisory_unlock($hold_lock, 0)" >/dev/null
echo "backup: sweep hold '$hold' in place"

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
pg_dump --format=custom --no-owner --file "$dest/database.dump" "$db"
echo "backup: database dumped"
# FILESYS_BACKUP_PAUSE_BEFORE_COPY (seconds, default 0): tests widen the window between the dump and the copy, in which only the hold keeps deleted files' blobs
pause=${FILESYS_BACKUP_PAUSE_BEFORE_COPY:-0}
if [[ $pause != 0 ]]; then
  echo "backup: pausing ${pause}s before the copy"
  sleep "$pause"
fi

# only the blobs: not tmp/ (staging), not uploads/ (resumable uploads in progress), not quarantine/
if [[ $store == s3 ]]; then
  # the bucket's blobs/ prefix holds nothing else; rclone checks each copy against the object's MD5 where S3 has one
  if s3_has_blobs; then
    rclone copy --transfers 8 "$s3_blobs" "$dest/blobs"
  fi
else
  # the blob directories (two levels of two hex digits)
  shopt -s nullglob
  for dir in "$root"/[0-9a-f][0-9a-f]; do
    cp -a "$dir" "$dest/blobs/"
  done
fi
count=$(find "$dest/blobs" -type f | wc -l)
echo "backup: $count blobs copied"

lift
trap - EXIT
cat > "$dest/MANIFEST" <<MANIFEST
filesys backup
started        $started
finished       $(date -u +%Y-%m-%dT%H:%M:%SZ)
store          $store${s3_bucket:+ (bucket $s3_bucket)}
database       database.dump (pg_dump --format=custom), sha256 $(sha256sum "$dest/database.dump" | cut -d' ' -f1)
blobs          blobs/ ($count files)
MANIFEST
echo "backup: done: $dest"
