#!/usr/bin/env bash
# Service-sheet page budget and SSR throughput. Prints figures; exits 1 when a
# budget is exceeded. Usage: bench/service-sheet.sh BASE_URL (server running).
#
# Budgets (issue 2): a service sheet under 150 KB compressed in total; reading
# a sheet downloads no WASM, or at most 100 KB brotli of WASM + JS.
# Throughput is compared with a static file of the same size served by the same
# server in the same run, because machines are noisy.
set -euo pipefail
BASE="${1:?base URL}"
SHEET_PATH="/servizi/cambio-di-residenza"
TOTAL_BUDGET=$((150 * 1024))
WASM_JS_BUDGET=$((100 * 1024))
SITE=target/site

html_file=target/bench/sheet.html
curl -fs "$BASE$SHEET_PATH" -o "$html_file"
html_raw=$(stat -c %s "$html_file")
html_br=$(curl -fs -H 'Accept-Encoding: br' "$BASE$SHEET_PATH" -o /dev/null -w '%{size_download}')
html_gzip=$(curl -fs -H 'Accept-Encoding: gzip' "$BASE$SHEET_PATH" -o /dev/null -w '%{size_download}')

transferred() { # bytes on the wire for a path, with brotli allowed as a browser would
  curl -fs -H 'Accept-Encoding: br, gzip' "$BASE$1" -o /dev/null -w '%{size_download}'
}

# Subresources the browser fetches for this page: linked CSS, scripts, preloads,
# icon and manifest, plus the fonts the stylesheet declares.
mapfile -t assets < <(grep -oE '(href|src)="/[^"]+"' "$html_file" | sed -E 's/^(href|src)="//; s/"$//' \
  | grep -E '\.(css|js|wasm|woff2|png|webmanifest)$' | sort -u)
css_file="$SITE/pkg/sportello.css"
mapfile -t fonts < <(grep -oE 'url\("?/fonts/[^")]+' "$css_file" | sed -E 's/url\("?//' | sort -u)

printf '\nService sheet %s\n' "$SHEET_PATH"
printf '%-52s %10s\n' "resource" "bytes"
printf '%-52s %10s\n' "HTML (raw / gzip / brotli)" "$html_raw / $html_gzip / $html_br"
total=$html_br
wasm_js=0
mapfile -t resources < <(printf '%s\n' "${assets[@]}" "${fonts[@]}" | sort -u)
for path in "${resources[@]}"; do
  bytes=$(transferred "$path")
  printf '%-52s %10s\n' "$path" "$bytes"
  total=$((total + bytes))
  case "$path" in *.js|*.wasm) wasm_js=$((wasm_js + bytes)) ;; esac
done
# pwa.js registers the service worker, which the browser then fetches too.
sw=$(transferred /sw.js); printf '%-52s %10s\n' "/sw.js (service worker)" "$sw"; total=$((total + sw)); wasm_js=$((wasm_js + sw))
wasm_on_sheet=$(grep -c '\.wasm' "$html_file" || true)
printf '%-52s %10s\n' "TOTAL transferred (compressed)" "$total"
printf '%-52s %10s\n' "JS + WASM on this page" "$wasm_js"
printf '%-52s %10s\n' "WASM references on this page" "$wasm_on_sheet"

wasm="$SITE/pkg/sportello.wasm"
if [ -f "$wasm" ]; then
  printf '\nIsland bundle (loaded only on pages with islands: /cerca, wizard steps, /esempi/componenti)\n'
  printf '%-52s %10s\n' "WASM raw" "$(stat -c %s "$wasm")"
  printf '%-52s %10s\n' "WASM gzip -9" "$(gzip -9c "$wasm" | wc -c)"
  printf '%-52s %10s\n' "WASM brotli -q 11" "$(brotli -c -q 11 "$wasm" | wc -c)"
  printf '%-52s %10s\n' "JS loader brotli" "$(brotli -c -q 11 "$SITE/pkg/sportello.js" | wc -c)"
fi

# Same-size static file served by the same server, as the baseline.
# (No `| head` at the end of a pipeline: under pipefail the writer's SIGPIPE would stop the script.)
head -c "$html_raw" /dev/urandom | base64 -w 120 > "$SITE/pkg/bench-static.tmp"
head -c "$html_raw" "$SITE/pkg/bench-static.tmp" > "$SITE/pkg/bench-static.html"
rm -f "$SITE/pkg/bench-static.tmp"
throughput() { # prints "requests/s p99"
  wrk -t2 -c64 -d10s --latency "$1" | awk '/Requests\/sec/ { rps = $2 } $1 == "99%" { p99 = $2 } END { print rps, p99 }'
}
read -r ssr_rps ssr_p99 < <(throughput "$BASE$SHEET_PATH")
read -r static_rps static_p99 < <(throughput "$BASE/pkg/bench-static.html")
rm -f "$SITE/pkg/bench-static.html"
printf '\nThroughput, 64 connections, 10 s, 2 wrk threads (same machine)\n'
printf '%-40s %12s %10s\n' "" "requests/s" "p99"
printf '%-40s %12s %10s\n' "SSR service sheet ($html_raw B)" "$ssr_rps" "$ssr_p99"
printf '%-40s %12s %10s\n' "static file, same size" "$static_rps" "$static_p99"
awk -v a="$ssr_rps" -v b="$static_rps" 'BEGIN { if (b > 0) printf "%-40s %11.0f%%\n", "SSR as a share of static", 100 * a / b }'

status=0
if [ "$total" -ge "$TOTAL_BUDGET" ]; then echo "BUDGET EXCEEDED: sheet transfers $total B (budget $TOTAL_BUDGET B)"; status=1; fi
if [ "$wasm_on_sheet" -gt 0 ] && [ "$wasm_js" -gt "$WASM_JS_BUDGET" ]; then
  echo "BUDGET EXCEEDED: sheet loads $wasm_js B of JS+WASM (budget $WASM_JS_BUDGET B)"; status=1
fi
[ "$status" = 0 ] && echo "Budgets met: total < 150 KB, no WASM needed to read a sheet."
exit "$status"
