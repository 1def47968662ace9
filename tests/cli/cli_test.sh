#!/usr/bin/env bash
# earshot-cli contract tests (architecture.md): output shape, exit codes and
# one-line reasons, and `listen` against the demo source.
# Usage: cli_test.sh path/to/earshot-cli fixtures-dir path/to/earshot-demo-source
set -u
cli=$1
fixtures=$2
demo=$3
tmp=$(mktemp -d)
demo_pid=
trap 'rm -rf "$tmp"; [ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null' EXIT
pass=0 fail=0
check() { # name, condition (evaluated)
  if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi
}

cat > "$tmp/page.json" <<'JSON'
{"data":[{"id":"1","text":"Does anyone know if Harbour Bean is open? ☕","lang":"en","author_id":"9",
"created_at":"2026-11-20T09:15:00.000Z"},{"id":"2","text":"worst coffee ever #harbourbean","lang":"en","entities":{"hashtags":[{"start":18,"end":30,"tag":"harbourbean"}]}}],
"includes":{"users":[{"id":"9","username":"amy","name":"Amy"}]},"meta":{"result_count":2}}
JSON

"$cli" ingest "$tmp/page.json" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "ingest exits 0" "[ $rc -eq 0 ]"
check "ingest prints one line per mention" "[ \$(wc -l < '$tmp/out') -eq 2 ]"
check "ingest output is normalised JSON" "grep -q '\"id\":\"x:1\"' '$tmp/out' && grep -q '\"handle\":\"amy\"' '$tmp/out'"
check "unknown metrics are null" "grep -q '\"likes\":null' '$tmp/out'"

printf '{"data":[{"id":"5","text":"ok"}]}\n{"data":[{"id":"6","te' > "$tmp/broken.jsonl"
"$cli" ingest "$tmp/broken.jsonl" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "a truncated line is reported, the rest still comes out" "[ $rc -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 1 ]"
check "the problem names the line" "grep -q 'line 2: not valid JSON' '$tmp/err'"

"$cli" ingest "$tmp/missing.json" > /dev/null 2> "$tmp/err"; rc=$?
check "a missing file exits 2 with a reason" "[ $rc -eq 2 ] && grep -q 'cannot open' '$tmp/err'"

"$cli" match 'harbour bean' "$tmp/page.json" > "$tmp/out" 2>&1; rc=$?
check "match prints the matching ids" "[ $rc -eq 0 ] && [ \"\$(cat '$tmp/out')\" = 'x:1' ]"
"$cli" match '#harbourbean' "$tmp/page.json" > "$tmp/out" 2>&1
check "match on a hashtag" "[ \"\$(cat '$tmp/out')\" = 'x:2' ]"

"$cli" xquery '(coffee OR tea) -decaf lang:en' > "$tmp/out" 2> "$tmp/err"; rc=$?
check "xquery prints the query" "[ $rc -eq 0 ] && grep -q 'coffee' '$tmp/out' && grep -q 'lang:en' '$tmp/out'"
"$cli" xquery '(coffee OR tea' > "$tmp/out" 2> "$tmp/err"; rc=$?
check "a syntax error exits 2 naming the column" "[ $rc -eq 2 ] && grep -q '^column [0-9]*:' '$tmp/err' && [ \$(wc -l < '$tmp/err') -eq 1 ]"

printf 'I love this place!\nThis is the worst service, never again.\n' > "$tmp/lines.txt"
"$cli" analyze "$tmp/lines.txt" > "$tmp/out" 2>&1; rc=$?
check "analyze prints one object per line" "[ $rc -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 2 ]"
check "analyze scores the tone" "head -1 '$tmp/out' | grep -q '\"sentiment\":0\.[1-9]' && tail -1 '$tmp/out' | grep -q '\"sentiment\":-0\.'"
"$cli" analyze "$tmp/page.json" > "$tmp/out" 2>&1
check "analyze on mentions carries the id and the why" "grep -q '\"id\":\"x:1\"' '$tmp/out' && grep -q 'question' '$tmp/out'"

if [ -f "$fixtures/twarc/streaming_output_with_error.jsonl" ]; then
  "$cli" ingest "$fixtures/twarc/streaming_output_with_error.jsonl" > "$tmp/out" 2> "$tmp/err"; rc=$?
  check "real twarc stream: good lines out, the truncated one counted" "[ $rc -eq 0 ] && [ \$(wc -l < '$tmp/out') -gt 0 ] && grep -q '1 record(s) could not be read' '$tmp/err'"
  # A Polish tweet in it once hung ingest for ever (intent tokenizer); it must finish.
  timeout 30 "$cli" ingest "$fixtures/twarc/geo_tweets.jsonl" > "$tmp/out" 2> "$tmp/err"; rc=$?
  check "real geo tweets (Polish among them) are ingested without hanging" "[ $rc -eq 0 ] && [ \$(wc -l < '$tmp/out') -gt 0 ]"
  printf 'Łódź\n× ÷ ż\n' > "$tmp/polish.txt"
  timeout 10 "$cli" analyze "$tmp/polish.txt" > "$tmp/out" 2>&1; rc=$?
  check "analyze on Łódź returns one line per input" "[ $rc -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 2 ]"
elif [ "${CI:-}" = true ]; then
  check "../shared/fixtures is present in CI" false
else
  echo "skipped: ../shared/fixtures is absent"
fi

# listen: the listening engine, natively, against the demo source (which answers the proxy's /api/ paths).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$demo" --port "$port" > "$tmp/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.1; done
"$cli" listen --store "$tmp/store" --api "http://127.0.0.1:$port" --once --page-size 50 > "$tmp/out" 2> "$tmp/err"; rc=$?
stored=$(sed -n 's/^\([0-9]*\) mentions stored.*/\1/p' "$tmp/out")
check "listen --once polls the starter listeners and exits 0" "[ $rc -eq 0 ] && [ \"\${stored:-0}\" -gt 100 ]"
check "listen writes the browser's layout" "[ -f '$tmp/store/manifest.json' ] && ls '$tmp/store' | grep -q '^seg-000001.bin$'"
check "listen says which starter listeners it made" "grep -q 'created 6 starter listeners for Harbour Bean' '$tmp/err'"
"$cli" listen --store "$tmp/store" --api "http://127.0.0.1:$port" --once > "$tmp/out2" 2> "$tmp/err"; rc=$?
again=$(sed -n 's/^\([0-9]*\) mentions stored.*/\1/p' "$tmp/out2")
check "a second listen --once keeps what was stored and reads only what is new" "[ $rc -eq 0 ] && [ \"\${again:-0}\" -ge \"\${stored:-1}\" ] && grep -q '(0 new)\|([0-9] new)' '$tmp/out2'"
"$cli" listen --store "$tmp/store2" --api "http://127.0.0.1:1" --once > /dev/null 2> "$tmp/err"; rc=$?
check "an unreachable proxy is said in words and exits 1" "[ $rc -eq 1 ] && grep -q 'cannot be reached' '$tmp/err'"
"$cli" listen --store "$tmp/store3" --api "ftp://x" --once > /dev/null 2> "$tmp/err"; rc=$?
check "a bad API address exits 2 with a reason" "[ $rc -eq 2 ] && grep -q 'must start with http' '$tmp/err'"
"$cli" listen --api "http://127.0.0.1:$port" > /dev/null 2>&1; rc=$?
check "listen without --store exits 2" "[ $rc -eq 2 ]"

# The access key (issue 11): always sent as X-Earshot-Key; a refusal is said in words, exit 2.
# A stand-in for the proxy: 401 with its access-key problem unless the key is "k3y";
# it writes down every X-Earshot-Key it gets.
cat > "$tmp/keyed_proxy.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        key = self.headers.get("X-Earshot-Key")
        with open(sys.argv[2], "a") as log: log.write(f"{key}\n")
        ok = key == "k3y"
        body = b'{"sources":[]}' if ok else (b'{"type":"https://earshot.local/problems/access-key",'
                                            b'"title":"Access key needed","status":401}')
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
key_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$tmp/keyed_proxy.py" "$key_port" "$tmp/keys" & key_pid=$!
trap 'rm -rf "$tmp"; [ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null; kill "$key_pid" 2>/dev/null' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$key_port") 2>/dev/null && break; sleep 0.1; done
EARSHOT_ACCESS_KEY= "$cli" listen --store "$tmp/store4" --api "http://127.0.0.1:$key_port" --once > /dev/null 2> "$tmp/err"; rc=$?
check "without a key the placeholder is sent" "[ \"\$(head -1 '$tmp/keys')\" = none ]"
check "a proxy asking for its key: exit 2, saying how to give it" "[ $rc -eq 2 ] && grep -q 'without its access key.*--key' '$tmp/err'"
"$cli" listen --store "$tmp/store4" --api "http://127.0.0.1:$key_port" --once --key wrong > /dev/null 2> "$tmp/err"; rc=$?
check "a wrong key: exit 2, saying it was refused" "[ $rc -eq 2 ] && grep -q 'refused this access key' '$tmp/err' && tail -1 '$tmp/keys' | grep -qx wrong"
EARSHOT_ACCESS_KEY=' k3y
' "$cli" listen --store "$tmp/store4" --api "http://127.0.0.1:$key_port" --once > /dev/null 2> "$tmp/err"; rc=$?
check "the key from EARSHOT_ACCESS_KEY is sent, blanks cut, and not refused" "tail -1 '$tmp/keys' | grep -qx k3y && ! grep -q refused '$tmp/err'"
EARSHOT_ACCESS_KEY=k3y "$cli" listen --store "$tmp/store4" --api "http://127.0.0.1:$key_port" --once --key wrong > /dev/null 2>&1
check "--key wins over the variable" "tail -1 '$tmp/keys' | grep -qx wrong"
"$cli" listen --store "$tmp/store4" --api "http://127.0.0.1:$key_port" --once --key 'café' > /dev/null 2> "$tmp/err"; rc=$?
check "a key no header can carry exits 2 with a reason" "[ $rc -eq 2 ] && grep -q 'no accents' '$tmp/err'"

"$cli" frobnicate > /dev/null 2>&1; rc=$?
check "an unknown command exits 2" "[ $rc -eq 2 ]"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
