#!/usr/bin/env bash
# SQL injection scan of the public read API with sqlmap.
#
# Starts a throw-away coophub server (embedded database in a fresh temporary DATA_DIR, demo data
# loaded), runs sqlmap against the list/search endpoints of the three registries, a vocabulary,
# a need and its matches, and prints what was tested and whether anything is injectable.
#
#   scripts/sqlmap-scan.sh
#
# Environment (all optional):
#   PORT                  server port (default: first free port from 3999)
#   SQLMAP_LEVEL/RISK     sqlmap --level/--risk (default 5/3: every boundary, header and payload;
#                         harmless here, the database is a temporary copy of the demo data)
#   SQLMAP_TECHNIQUE      sqlmap --technique (default BEUSTQ: boolean, error, union, stacked, time, inline)
#   SQLMAP_TIME_SEC       sqlmap --time-sec for time-based tests (default 5)
#   SQLMAP_TARGET_TIMEOUT seconds before one target's sqlmap run is stopped (default 300)
#   SQLMAP_AUTH           a bearer token, sent as "Authorization: Bearer ..." with every request
#   SQLMAP_REPORT_DIR     keep each target's full sqlmap console output (<target>.log), the server
#                         log and the summary here (default: the temporary directory, deleted at exit)
#   READY_TIMEOUT         seconds to wait for GET /readyz (default 180)
#   LOG_LEVEL             server log level (default warn)
#
# Exit: 0 nothing injectable, 1 something injectable, 2 setup error or a target not fully scanned.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LEVEL=${SQLMAP_LEVEL:-5}
RISK=${SQLMAP_RISK:-3}
TECHNIQUE=${SQLMAP_TECHNIQUE:-BEUSTQ}
TIME_SEC=${SQLMAP_TIME_SEC:-5}
TARGET_TIMEOUT=${SQLMAP_TARGET_TIMEOUT:-300}
READY_TIMEOUT=${READY_TIMEOUT:-180}
STARTED=$SECONDS

die() { echo "sqlmap-scan: $*" >&2; exit 2; }

# --- Prerequisites --------------------------------------------------------------------------------
command -v sqlmap >/dev/null || die "sqlmap is not installed; install it with: apt-get install -y sqlmap"
for tool in node curl timeout; do command -v "$tool" >/dev/null || die "$tool is required but not found"; done
[[ -d $ROOT/node_modules ]] || die "no node_modules in $ROOT; run npm ci first"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -n ${PORT:-} ]]; then
  port_busy "$PORT" && die "port $PORT is already in use; unset PORT or choose another"
else
  PORT=3999
  while port_busy "$PORT"; do PORT=$((PORT + 1)); ((PORT < 4100)) || die "no free port in 3999-4099"; done
fi
BASE="http://127.0.0.1:$PORT"

# --- Temporary workspace and clean-up --------------------------------------------------------------
WORK=$(mktemp -d -t coophub-sqlmap.XXXXXX)
REPORT_DIR=${SQLMAP_REPORT_DIR:-$WORK/reports}
mkdir -p "$REPORT_DIR" "$WORK/sqlmap"
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -f $WORK/server.log && -n ${SQLMAP_REPORT_DIR:-} ]]; then cp "$WORK/server.log" "$REPORT_DIR/server.log"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Server -----------------------------------------------------------------------------------------
# Always the embedded database (DATABASE_URL unset): the scan must never run against a real one.
echo "Starting coophub on $BASE (DATA_DIR $WORK/data, demo data)..."
(cd "$ROOT" && exec env -u DATABASE_URL PORT="$PORT" HOST=127.0.0.1 DATA_DIR="$WORK/data" COOPHUB_DEMO=true \
  COOPHUB_RATE_LIMITS=off LOG_LEVEL="${LOG_LEVEL:-warn}" node bin/coophub.mjs start) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

server_died() { echo "--- server log (tail) ---" >&2; tail -n 30 "$WORK/server.log" >&2; die "the server $1"; }
# Ready = /readyz answers 200 and the matchmaking index (if reported) is loaded.
deadline=$((SECONDS + READY_TIMEOUT))
until body=$(curl -sf --max-time 5 "$BASE/readyz" 2>/dev/null) && [[ $body != *'"matching":"'* || $body == *'"matching":"ready"'* ]]; do
  kill -0 "$SERVER_PID" 2>/dev/null || server_died "exited before becoming ready"
  ((SECONDS < deadline)) || server_died "was not ready after ${READY_TIMEOUT}s"
  sleep 1
done
echo "Server ready after $((SECONDS - STARTED))s: $body"

# --- Targets ----------------------------------------------------------------------------------------
# name | URL path | names of the '*' injection markers, in order (sqlmap calls them #1*, #2*, ...).
# Query values are valid and chosen so every list returns at least one record (a true baseline).
# Without markers sqlmap tests every GET parameter plus (level>=3) User-Agent and Referer, (level 5) Host;
# with markers it tests only the marked places, so all query values of those targets are marked too.
TARGETS=(
  "needs-list|/api/v1/needs?q=semillas&country=BO&region=M49-419&target=GBF-TARGET-04&subject=CBD-SUBJECT-EXS&assistanceType=ASSIST-TRAINING&language=es&status=published&sort=relevance&page=1&pageSize=20|"
  "providers-list|/api/v1/providers?q=restoration&country=JO&region=M49-145&serves=TN&kind=organisation&target=GBF-TARGET-02&subject=CBD-SUBJECT-DSHL&assistanceType=ASSIST-TRAINING&language=ar&status=published&sort=relevance&page=1&pageSize=20|"
  "opportunities-list|/api/v1/opportunities?q=monitoring&country=TN&region=M49-015&kind=expert_mission&providerId=prov-q000000001&open=true&target=GBF-TARGET-02&subject=CBD-SUBJECT-DSHL&assistanceType=ASSIST-TRAINING&language=en&status=published&sort=relevance&page=1&pageSize=20|"
  "vocabulary|/api/v1/vocabularies/gbf-targets*|vocabularyId"
  "need-read|/api/v1/needs/need-es00000006*|id"
  "need-matches|/api/v1/needs/need-es00000006*/matches?limit=10*&kind=all*&lang=fr*|id limit kind lang"
)

auth_curl=() auth_sqlmap=()
if [[ -n ${SQLMAP_AUTH:-} ]]; then
  auth_curl=(-H "Authorization: Bearer $SQLMAP_AUTH")
  auth_sqlmap=("--headers=Authorization: Bearer $SQLMAP_AUTH")
fi

# Pre-flight: every baseline must answer 200, else the parameters or demo data changed and the scan
# would only exercise validation errors.
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path _ <<<"$t"
  code=$(curl -s "${auth_curl[@]}" -o "$WORK/baseline" -w '%{http_code}' --max-time 30 "$BASE${path//\*/}") || true
  [[ $code == 200 ]] || die "baseline of $name answered $code, not 200: $(head -c 300 "$WORK/baseline")"
  if grep -q '"total":0,' "$WORK/baseline"; then echo "warning: baseline of $name has no results" >&2; fi
done

# --- Scan -------------------------------------------------------------------------------------------
# --answers: after a finding, keep testing the target's other parameters (sqlmap's batch default is no).
SQLMAP_ARGS=(--batch --ignore-stdin --flush-session --disable-coloring --parse-errors --dbms=PostgreSQL --answers="keep testing=Y"
  --level "$LEVEL" --risk "$RISK" --technique "$TECHNIQUE" --time-sec "$TIME_SEC" --output-dir "$WORK/sqlmap"
  "${auth_sqlmap[@]}")
echo "sqlmap $(sqlmap --version 2>/dev/null | head -n1): --level $LEVEL --risk $RISK --technique $TECHNIQUE --time-sec $TIME_SEC"

declare -A ELAPSED RC
i=0
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path _ <<<"$t"
  i=$((i + 1))
  kill -0 "$SERVER_PID" 2>/dev/null || server_died "stopped during the scan"
  printf '[%d/%d] %s ... ' "$i" "${#TARGETS[@]}" "$name"
  t0=$SECONDS
  # TERM=dumb and tr: no terminal control sequences or carriage returns in the saved output.
  set +e
  TERM=dumb timeout "$TARGET_TIMEOUT" sqlmap "${SQLMAP_ARGS[@]}" -u "$BASE$path" </dev/null 2>&1 | tr -d '\r' >"$REPORT_DIR/$name.log"
  RC[$name]=${PIPESTATUS[0]}
  set -e
  ELAPSED[$name]=$((SECONDS - t0))
  echo "${ELAPSED[$name]}s"
done

# --- Summary ----------------------------------------------------------------------------------------
# Per target: tested parameters, the verdict line, injection points (from sqlmap's "Parameter: ..."
# block) and the HTTP error counts. A log with neither verdict means the run did not finish.
injectable=() incomplete=()
{
  echo
  echo "== sqlmap summary: ${#TARGETS[@]} targets, level $LEVEL, risk $RISK, techniques $TECHNIQUE =="
  for t in "${TARGETS[@]}"; do
    IFS='|' read -r name path markers <<<"$t"
    log=$REPORT_DIR/$name.log
    read -ra marker_names <<<"$markers"
    tested=$(sed -nE "s/.*testing for SQL injection on (([A-Z]+) )?parameter '([^']+)'.*/\2 \3/p" "$log" |
      while read -r place param; do
        [[ -z $param ]] && { param=$place; place=header; }
        if [[ $param =~ ^#([0-9]+)\*$ ]]; then param="$param(${marker_names[${BASH_REMATCH[1]} - 1]:-?})"; fi
        printf '%s %s, ' "$place" "$param"
      done)
    echo "$name  GET $path  (${ELAPSED[$name]}s, sqlmap exit ${RC[$name]})"
    tested=${tested%, }
    echo "  tested: ${tested:-(none)}"
    if grep -q "identified the following injection point" "$log"; then
      echo "  result: INJECTABLE"
      grep -h "identified the following injection point" "$log" | sed 's/^/    /'
      grep -E '^(Parameter|    Type|    Title|    Payload):' "$log" | sed 's/^/    /'
      while read -r p; do injectable+=("$name: $p"); done < <(sed -n 's/^Parameter: //p' "$log")
    elif line=$(grep -m1 "all tested parameters do not appear to be injectable" "$log"); then
      echo "  result: not injectable"
      echo "    ${line%%. *}"  # first sentence; the rest is sqlmap's generic advice
    else
      echo "  result: INCOMPLETE (see $name.log)"
      grep -E '\[(CRITICAL|ERROR)\]' "$log" | tail -n 3 | sed 's/^/    /' || true
      incomplete+=("$name")
    fi
    grep -h 'might be injectable\|appears to be .* injectable' "$log" | sed 's/^/  hint: /' || true
    errors=$(grep -A1 'HTTP error codes detected during run' "$log" | tail -n1) || true
    if [[ -n $errors ]]; then echo "  http errors: $errors"; fi
    if grep -q '500 (Internal Server Error)' "$log"; then echo "  note: the server answered 500 to some payloads (see server.log)"; fi
  done
  json_list() { local out="" s; for s in "$@"; do out+="${out:+,}\"${s//\"/\\\"}\""; done; printf '[%s]' "$out"; }
  echo
  printf '{"targets":%d,"injectable":%s,"incomplete":%s,"seconds":%d}\n' "${#TARGETS[@]}" \
    "$(json_list "${injectable[@]+"${injectable[@]}"}")" "$(json_list "${incomplete[@]+"${incomplete[@]}"}")" $((SECONDS - STARTED))
} | tee "$REPORT_DIR/summary.txt"

# The summary ran in a pipeline (subshell): derive the exit code from what it wrote.
if grep -q '  result: INJECTABLE' "$REPORT_DIR/summary.txt"; then exit 1; fi
if grep -q '  result: INCOMPLETE' "$REPORT_DIR/summary.txt"; then exit 2; fi
exit 0
