#!/usr/bin/env bash
# The whole filesys protocol with nothing but curl, against a running system (README: "run the system").
#   scripts/curl-walkthrough.sh [BALANCER_URL]        default http://127.0.0.1:8080
# alice and bob each get a server from the balancer, handshake, and register; alice uploads a file and shares it
# with bob; bob downloads it; alice unshares it (bob is refused) and deletes it. Exits non-zero at the first step
# that does not answer as expected. Needs bash, curl and sha256sum (or openssl).
set -euo pipefail
BALANCER=${1:-${FILESYS_BALANCER:-http://127.0.0.1:8080}}
RUN=$RANDOM$RANDOM                       # fresh user names, so the script can run again on the same system
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
# json FIELD < body: the value of a top-level string or number field (enough for these flat answers)
json() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -n 1; }
# call EXPECTED_STATUS curl-args...: runs curl, prints the body, fails unless the status is the expected one
call() {
  local expected=$1; shift
  local status
  status=$(curl -sS -o "$WORK/body" -w '%{http_code}' "$@")
  cat "$WORK/body"; echo
  [[ $status == "$expected" ]] || fail "expected HTTP $expected, got $status"
}
digest() { if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else openssl dgst -sha256 -r "$1" | cut -d' ' -f1; fi; }

# connect NAME: assignment from the balancer, then the three-way handshake; sets SERVER_<NAME> and TOKEN_<NAME>
connect() {
  local who=$1
  step "$who asks the balancer for a server"
  call 201 -X POST "$BALANCER/api/v1/assignments"
  local server code
  server=$(json serverUrl <"$WORK/body"); code=$(json authCode <"$WORK/body")

  step "$who sends the auth code to $server (handshake 1/3; the server answers 2/3 with a nonce)"
  call 201 -X POST "$server/api/v1/sessions" -H 'Content-Type: application/json' -d "{\"authCode\":\"$code\"}"
  local session nonce
  session=$(json sessionId <"$WORK/body"); nonce=$(json serverNonce <"$WORK/body")

  step "$who acknowledges the nonce (handshake 3/3) and gets a session token"
  call 200 -X POST "$server/api/v1/sessions/$session/ack" -H 'Content-Type: application/json' \
    -d "{\"serverNonce\":\"$nonce\"}"
  printf -v "SERVER_$who" '%s' "$server"
  printf -v "TOKEN_$who" '%s' "$(json sessionToken <"$WORK/body")"
}

connect alice
connect bob
ALICE=alice$RUN BOB=bob$RUN

step "alice registers as $ALICE (the session is logged in)"
call 201 -X POST "$SERVER_alice/api/v1/users" -H "Authorization: Bearer $TOKEN_alice" \
  -H 'Content-Type: application/json' -d "{\"username\":\"$ALICE\",\"password\":\"correct horse battery\"}"
step "bob registers as $BOB"
call 201 -X POST "$SERVER_bob/api/v1/users" -H "Authorization: Bearer $TOKEN_bob" \
  -H 'Content-Type: application/json' -d "{\"username\":\"$BOB\",\"password\":\"staple battery horse\"}"

head -c 1048576 /dev/urandom >"$WORK/report.bin"
step "alice uploads report.bin (1 MiB, streamed as the raw body)"
call 201 -X POST "$SERVER_alice/api/v1/files?name=report.bin" -H "Authorization: Bearer $TOKEN_alice" \
  -H 'Content-Type: application/octet-stream' --data-binary "@$WORK/report.bin"
FILE=$(json fileId <"$WORK/body")
[[ $(json sha256 <"$WORK/body") == "$(digest "$WORK/report.bin")" ]] || fail "the server's SHA-256 differs"

step "alice shares it with $BOB"
call 201 -X PUT "$SERVER_alice/api/v1/files/$FILE/shares/$BOB" -H "Authorization: Bearer $TOKEN_alice" \
  -H 'Content-Type: application/json' -d '{"permission":"read"}'

step "bob lists the files shared with him"
call 200 "$SERVER_bob/api/v1/files?scope=shared" -H "Authorization: Bearer $TOKEN_bob"
grep -q "$FILE" "$WORK/body" || fail "the shared file is not in bob's list"

step "bob downloads it from his own server and checks the bytes"
curl -sS -f -o "$WORK/download.bin" -H "Authorization: Bearer $TOKEN_bob" "$SERVER_bob/api/v1/files/$FILE/content"
[[ $(digest "$WORK/download.bin") == "$(digest "$WORK/report.bin")" ]] || fail "bob's copy differs"
echo "identical: $(digest "$WORK/download.bin")"

step "bob may not delete alice's file"
call 403 -X DELETE "$SERVER_bob/api/v1/files/$FILE" -H "Authorization: Bearer $TOKEN_bob"

step "alice unshares it; bob's download is refused"
call 204 -X DELETE "$SERVER_alice/api/v1/files/$FILE/shares/$BOB" -H "Authorization: Bearer $TOKEN_alice"
call 404 "$SERVER_bob/api/v1/files/$FILE/content" -H "Authorization: Bearer $TOKEN_bob"

step "alice deletes it"
call 204 -X DELETE "$SERVER_alice/api/v1/files/$FILE" -H "Authorization: Bearer $TOKEN_alice"
call 404 "$SERVER_alice/api/v1/files/$FILE" -H "Authorization: Bearer $TOKEN_alice"

step "both close their sessions"
call 204 -X DELETE "$SERVER_alice/api/v1/sessions/current" -H "Authorization: Bearer $TOKEN_alice"
call 204 -X DELETE "$SERVER_bob/api/v1/sessions/current" -H "Authorization: Bearer $TOKEN_bob"

printf '\nwalk-through complete\n'
