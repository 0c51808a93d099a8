#!/usr/bin/env bash
# Bulk import benchmark (not part of npm test): 10,000 generated stories sharing 1,000 photos, imported
# once with a kill -9 in the middle, then re-run to finish. Checks that every story the killed run
# reported as created is in the database, and that the two runs together import each story once.
# Uses its own embedded PostgreSQL (DATA_DIR=bench/.work/data, port 54349) and media folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATA_DIR=bench/.work/data MEDIA_DIR=bench/.work/media EMBEDDED_PG_PORT=${EMBEDDED_PG_PORT:-54349}
COUNT=${COUNT:-10000} PHOTOS=${PHOTOS:-1000} KILL_AFTER=${KILL_AFTER:-60}
STORIES=bench/.work/stories-$COUNT
# The importer runs as in production: compiled JavaScript (dist/), on the Node that npm puts on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
node scripts/compile.mjs --quiet
[ -d "$STORIES" ] || node dist/scripts/generate-stories.js "$STORIES" --count "$COUNT" --photos "$PHOTOS"

node --no-deprecation dist/scripts/import.js "$STORIES" --progress > bench/.work/killed.out 2> bench/.work/killed.err < /dev/null &
pid=$!
sleep "$KILL_AFTER"
kill -9 "$pid" || true
wait "$pid" || true
reported=$(grep -c '^created' bench/.work/killed.out || true)
echo "killed after ${KILL_AFTER}s; stories reported created: $reported"

/usr/bin/time -v node --no-deprecation dist/scripts/import.js "$STORIES" --quiet --progress 2> bench/.work/rerun.err | tee bench/.work/rerun.out
grep -E "Maximum resident|Elapsed" bench/.work/rerun.err || true

ids=$(grep '^created' bench/.work/killed.out | sed -E 's/.*→ #([0-9]+).*/\1/' | paste -sd, -)
node --input-type=module -e "
import pg from 'pg'
const client = new pg.Client('postgres://newsroom:newsroom@127.0.0.1:${EMBEDDED_PG_PORT}/newsroom')
await client.connect()
const ids = '${ids}'.split(',').filter(Boolean).map(Number)
const present = (await client.query('select count(*)::int as n from articles where id = any(\$1)', [ids])).rows[0].n
const totals = (await client.query(\"select count(*)::int as n, count(distinct import_hash)::int as d from articles where title like 'Generated story%'\")).rows[0]
console.log('reported by the killed run and present:', present, 'of', ids.length)
console.log('generated stories in the database:', totals.n, 'distinct:', totals.d)
await client.end()
if (present !== ids.length) process.exit(1)
"

# The killed run had started the embedded PostgreSQL and could not stop it; the re-run only joined it.
pg_pid=$(head -1 "$DATA_DIR/postgres/postmaster.pid" 2>/dev/null || true)
[ -n "$pg_pid" ] && kill "$pg_pid" 2>/dev/null || true
