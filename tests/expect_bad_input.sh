#!/usr/bin/env bash
# Runs greenfab on bad input and checks: exit code 2, stderr matches the expected regex, no result file left.
# usage: expect_bad_input.sh GREENFAB REGEX ARGS... (an "-o FILE" in ARGS is checked for absence)
set -u
exe=$1; regex=$2; shift 2
out=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "-o" ] && out=${args[$((i + 1))]}
done
[ -n "$out" ] && rm -f "$out"
stderr=$("$exe" "$@" 2>&1 >/dev/null)
rc=$?
echo "$stderr"
if [ $rc -ne 2 ]; then echo "FAIL: exit code $rc, expected 2"; exit 1; fi
if ! grep -Eq -- "$regex" <<<"$stderr"; then echo "FAIL: message does not match: $regex"; exit 1; fi
if [ -n "$out" ] && [ -e "$out" ]; then echo "FAIL: result file $out was left behind"; exit 1; fi
if [ -n "$out" ] && ls "$out".* >/dev/null 2>&1; then echo "FAIL: temporary result file left behind"; exit 1; fi
exit 0
