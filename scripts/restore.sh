#!/usr/bin/env bash
# Restores a backup that scripts/backup.sh wrote, into an empty database and an empty blob root; start the
# file-services afterwards, then run fsck (docs/operations.md).
#
#   FILESYS_DATABASE_URL=postgresql://filesys:secret@db:5432/filesys \
#   FILESYS_STORAGE_ROOT=/data/blobs scripts/restore.sh /backups/filesys-2026-12-03
#
# or, into the S3 store, with the file-services' own S3 settings (FILESYS_STORAGE_TYPE=s3, FILESYS_STORAGE_S3_*, as
# for backup.sh; the bucket is created when it does not exist). A backup of either store restores into either.
#
# The database must exist and be empty (createdb filesys); the blob root must be empty or absent (the bucket: no
# object under blobs/). No file-service may run against either while this runs. Needs psql and pg_restore of the
# server's major version (or newer); for the S3 store, rclone.
set -euo pipefail

usage() {
  echo "usage: FILESYS_DATABASE_URL=… FILESYS_STORAGE_ROOT=… $0 <backup directory>" >&2
  echo "   or: FILESYS_DATABASE_URL=… FILESYS_STORAGE_TYPE=s3 FILESYS_STORAGE_S3_…=… $0 <backup directory>" >&2
  exit 2
}
[[ $# -eq 1 ]] || usage
src=$1
db=${FILESYS_DATABASE_URL:?FILESYS_DATABASE_URL: the (empty) database, as a libpq URL}
store=${FILESYS_STORAGE_TYPE:-local}
case $store in
  local) root=${FILESYS_STORAGE_ROOT:?FILESYS_STORAGE_ROOT: the (empty) blob store root} ;;
  s3) source "$(dirname "$0")/s3-remote.sh" ;;
  *) echo "restore: FILESYS_STORAGE_TYPE must be local or s3, not $store" >&2; exit 2 ;;
esac

[[ -f $src/database.dump && -d $src/blobs ]] || { echo "restore: $src is not a backup (no database.dump, blobs/)" >&2; exit 1; }
psql() { command psql --no-psqlrc --quiet --tuples-only --no-align --set ON_ERROR_STOP=1 --dbname "$db" "$@"; }

tables=$(psql -c "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
if [[ $tables != 0 ]]; then
  echo "restore: the database is not empty ($tables tables); restore into a new one" >&2
  exit 1
fi
if [[ $store == s3 ]]; then
  rclone mkdir "filesys:$s3_bucket"
  if s3_has_blobs; then
    echo "restore: the bucket $s3_bucket already holds blobs; restore into an empty one" >&2
    exit 1
  fi
elif [[ -d $root ]] && compgen -G "$root/[0-9a-f][0-9a-f]" >/dev/null; then
  echo "restore: the blob root $root already holds blobs; restore into an empty one" >&2
  exit 1
fi

pg_restore --no-owner --exit-on-error --dbname "$db" "$src/database.dump"
echo "restore: database restored"
if [[ $store == s3 ]]; then
  rclone copy --transfers 8 "$src/blobs" "$s3_blobs"
  count=0
  if s3_has_blobs; then
    count=$(rclone lsf --recursive --files-only "$s3_blobs" | wc -l)
  fi
  echo "restore: $count blobs restored into bucket $s3_bucket"
else
  mkdir -p "$root"
  chmod 700 "$root"
  shopt -s nullglob
  for dir in "$src"/blobs/[0-9a-f][0-9a-f]; do
    cp -a "$dir" "$root/"
  done
  echo "restore: $(find "$root" -type f | wc -l) blobs restored"
fi

# the backup's own hold and a scrub lease of an instance that no longer runs mean nothing here
psql -c "DELETE FROM blob_sweep_holds" \
  -c "UPDATE blob_scrub_state SET lease_owner = NULL, lease_until = NULL" >/dev/null
echo "restore: done; start the file-services, then run fsck (docs/operations.md)"
