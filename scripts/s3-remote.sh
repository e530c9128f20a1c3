# Sourced by backup.sh and restore.sh when FILESYS_STORAGE_TYPE=s3: describes the file-services' bucket to rclone
# (Debian's package `rclone`, 1.60 or newer) as the remote "filesys", from the same FILESYS_STORAGE_S3_* variables the
# file-services read, through rclone's RCLONE_CONFIG_<REMOTE>_* environment variables: no rclone config file is read
# or written. Sets s3_bucket and s3_blobs (the remote path of the blobs, "filesys:<bucket>/blobs").

command -v rclone >/dev/null || { echo "$0: the S3 store needs rclone (apt-get install rclone)" >&2; exit 1; }
s3_bucket=${FILESYS_STORAGE_S3_BUCKET:?FILESYS_STORAGE_S3_BUCKET: the bucket the file-services use}
export RCLONE_CONFIG_FILESYS_TYPE=s3
export RCLONE_CONFIG_FILESYS_PROVIDER=Other
export RCLONE_CONFIG_FILESYS_ENV_AUTH=false
export RCLONE_CONFIG_FILESYS_ENDPOINT=${FILESYS_STORAGE_S3_ENDPOINT:?FILESYS_STORAGE_S3_ENDPOINT: the S3 URL, e.g. http://minio:9000 or https://s3.eu-west-1.amazonaws.com}
export RCLONE_CONFIG_FILESYS_REGION=${FILESYS_STORAGE_S3_REGION:-us-east-1}
export RCLONE_CONFIG_FILESYS_ACCESS_KEY_ID=${FILESYS_STORAGE_S3_ACCESS_KEY:?FILESYS_STORAGE_S3_ACCESS_KEY}
export RCLONE_CONFIG_FILESYS_SECRET_ACCESS_KEY=${FILESYS_STORAGE_S3_SECRET_KEY:?FILESYS_STORAGE_S3_SECRET_KEY}
# the file-services' default (MinIO, Ceph RGW and most self-hosted stores); false for virtual-hosted AWS buckets
export RCLONE_CONFIG_FILESYS_FORCE_PATH_STYLE=${FILESYS_STORAGE_S3_PATH_STYLE:-true}
# no config file: everything is in the environment above
export RCLONE_CONFIG=/dev/null
# rclone's S3 client fails on AWS_CA_BUNDLE ("unable to load custom CA bundle"); give the bundle to rclone itself
if [[ -n ${AWS_CA_BUNDLE:-} ]]; then
  export RCLONE_CA_CERT=${RCLONE_CA_CERT:-$AWS_CA_BUNDLE}
  unset AWS_CA_BUNDLE
fi
s3_blobs="filesys:$s3_bucket/blobs"

# Whether the bucket has any object under blobs/ (S3 has no directories: listing a prefix nothing has is an error).
s3_has_blobs() {
  local top
  top=$(rclone lsf --dirs-only --max-depth 1 "filesys:$s3_bucket")
  [[ $'\n'$top$'\n' == *$'\n'blobs/$'\n'* ]]
}
