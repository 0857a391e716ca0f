#!/usr/bin/env bash
# Back up Healthsite: the database (pg_dump's custom format) and the uploaded files.
#   deploy/backup.sh /var/backups/healthsite
# Reads DATABASE_URL (and DJANGO_MEDIA_ROOT, default ./uploads) from the environment; keeps
# BACKUP_KEEP_DAYS days of backups (default 14). See docs/operations.md.
set -euo pipefail
target=${1:?usage: backup.sh DIRECTORY}
keep_days=${BACKUP_KEEP_DAYS:-14}
media=${DJANGO_MEDIA_ROOT:-uploads}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$target"
umask 077

# -Fc: compressed, and pg_restore can restore it whole or table by table.
pg_dump --format=custom --no-owner --file="$target/healthsite-$stamp.dump.partial" --dbname="$DATABASE_URL"
mv "$target/healthsite-$stamp.dump.partial" "$target/healthsite-$stamp.dump"

if [ -d "$media" ]; then
  tar --create --gzip --file="$target/media-$stamp.tar.gz.partial" --directory="$media" .
  mv "$target/media-$stamp.tar.gz.partial" "$target/media-$stamp.tar.gz"
fi

find "$target" -maxdepth 1 -name 'healthsite-*.dump' -mtime +"$keep_days" -delete
find "$target" -maxdepth 1 -name 'media-*.tar.gz' -mtime +"$keep_days" -delete
echo "backup written: $target/healthsite-$stamp.dump"
