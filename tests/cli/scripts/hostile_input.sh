#!/usr/bin/env bash
# One hostile-input case (docs/model-format.md#input-limits): builds the FIFO, device node, symlink loop or
# odd file it needs in a temporary directory of its own, and checks exit 2, the message and no result file.
# usage: hostile_input.sh GREENFAB SOURCE_DIR CASE
set -u
exe=$1; src=$2; name=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect_bad="$src/tests/expect_bad_input.sh"
mm1="$src/models/teaching/mm1.yaml"
pv="$src/models/teaching/pv_load_shifting.yaml"
truck="$src/models/teaching/truck_consolidation.yaml"

# greenfab with a time limit (exit 124 when over it): a FIFO that blocks fails the test instead of hanging it.
# $1: a command to run greenfab through (setpriv ...), or nothing.
limited() {
  printf '#!/bin/sh\nexec timeout 60 %s "%s" "$@"\n' "${1:-}" "$exe" > "$tmp/greenfab"
  chmod 755 "$tmp/greenfab"
}
limited
# exit 2, stderr matching $1 and no result file
expect() {
  local regex=$1; shift
  "$expect_bad" "$tmp/greenfab" "$regex" "$@"
}
long_name() { printf 'n%.0s' $(seq 300); }
# A copy of mm1 with its name line replaced by raw bytes, written by Python so that the bytes are exact.
mm1_with() { /usr/bin/python3 -c "import sys; t=open(sys.argv[1],'rb').read(); open(sys.argv[2],'wb').write(t.replace(b'name: M/M/1 single station', eval(sys.argv[3])))" "$mm1" "$1" "$2"; }

case $name in
  fifo_model)
    mkfifo "$tmp/model.yaml"
    expect "model.yaml: error: cannot read file: it is a FIFO \(named pipe\), not a regular file" run "$tmp/model.yaml" -o "$tmp/out.h5" ;;
  fifo_climate)
    mkfifo "$tmp/climate.yaml"
    expect "site.location: .*climate.yaml: cannot read file: it is a FIFO" check "$pv" --set "site.location=$tmp/climate.yaml" ;;
  fifo_experiment_model)
    mkfifo "$tmp/model.yaml"
    printf 'model: model.yaml\nfactors:\n  - {path: run.seed, levels: [1, 2]}\n' > "$tmp/exp.yaml"
    expect "exp.yaml:1:8: error: model: cannot read model file 'model.yaml' .*it is a FIFO" sweep "$tmp/exp.yaml" -o "$tmp/out.h5" ;;
  fifo_study_model)
    mkfifo "$tmp/model.yaml"
    printf 'name: s\nmodel: model.yaml\nroadmaps: []\n' > "$tmp/study.yaml"
    expect "study.yaml:2:8: error: model: cannot read file: it is a FIFO \(named pipe\), not a regular file \(in .*model.yaml\)" pathway "$tmp/study.yaml" -q -o "$tmp/out.h5" ;;
  fifo_study_interventions)
    mkfifo "$tmp/iv.yaml"
    printf 'name: s\nmodel: %s\ninterventions: iv.yaml\nroadmaps: []\n' "$pv" > "$tmp/study.yaml"
    expect "study.yaml:3:16: error: interventions: cannot read file: it is a FIFO .*\(in .*iv.yaml\)" pathway "$tmp/study.yaml" -q -o "$tmp/out.h5" ;;
  char_device)
    mknod "$tmp/zero" c 1 5
    expect "zero: error: cannot read file: it is a character device, not a regular file" check "$tmp/zero" &&
      expect "site.location: .*zero: cannot read file: it is a character device" check "$pv" --set "site.location=$tmp/zero" ;;
  symlink_loop)
    ln -s loop_b "$tmp/loop_a"; ln -s loop_a "$tmp/loop_b"
    expect "loop_a: error: cannot read file: too many levels of symbolic links" check "$tmp/loop_a" &&
      expect "transport.data: no vehicles.yaml in .*Too many levels of symbolic links" check "$truck" --set "transport.data=$tmp/loop_a" ;;
  long_name)
    expect "error: cannot read file: the file name is too long" check "$tmp/$(long_name).yaml" &&
      expect "transport.data: no vehicles.yaml in '.*\.\.\. \([0-9]+ bytes, cut\) \(File name too long\)" check "$truck" --set "transport.data=$tmp/$(long_name)" ;;
  no_permission)
    printf 'name: x\n' > "$tmp/secret.yaml"; chmod 000 "$tmp/secret.yaml"; chmod 755 "$tmp"
    [ "$(id -u)" = 0 ] && limited "setpriv --reuid=65534 --regid=65534 --clear-groups" # root reads any file
    expect "secret.yaml: error: cannot read file: permission denied" check "$tmp/secret.yaml" ;;
  too_large)
    truncate -s 65M "$tmp/huge.yaml" # sparse: no disk space used
    expect "huge.yaml: error: cannot read file: it is 65.0 MiB \(68157440 bytes\); input files are limited to 64.0 MiB" check "$tmp/huge.yaml" ;;
  utf16)
    /usr/bin/python3 -c "import sys; open(sys.argv[2],'wb').write(open(sys.argv[1]).read().encode('utf-16'))" "$mm1" "$tmp/u16.yaml"
    expect "u16.yaml:1:1: error: the file is UTF-16 \(it starts with a UTF-16 byte-order mark\): input files must be UTF-8" run "$tmp/u16.yaml" -o "$tmp/out.h5" ;;
  nul_byte)
    mm1_with "$tmp/nul.yaml" "b'name: M/M/1\\0station'"
    expect "nul.yaml:3:12: error: a NUL byte \(a binary or UTF-16 file\?\) at byte offset [0-9]+: input files must be UTF-8 text" run "$tmp/nul.yaml" -o "$tmp/out.h5" ;;
  invalid_utf8)
    mm1_with "$tmp/latin1.yaml" "b'name: Fr\\xe4s station'"
    expect "latin1.yaml:3:9: error: invalid UTF-8 \(byte 0xE4\) at byte offset [0-9]+: input files must be UTF-8 text" check "$tmp/latin1.yaml" ;;
  utf8_bom_accepted)
    { printf '\357\273\277'; cat "$mm1"; } > "$tmp/bom.yaml"
    "$tmp/greenfab" check "$tmp/bom.yaml" | grep -q "bottleneck" ;;
  scalar_data_file)
    # A fake key file named as a data file: one YAML scalar, which must not be echoed.
    { echo "-----BEGIN FAKE PRIVATE KEY-----"; for i in $(seq 20); do echo "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0$i"; done
      echo "-----END FAKE PRIVATE KEY-----"; } > "$tmp/id_fake.yaml"
    out=$(expect "id_fake.yaml:1:1: error: expected a climate file: a map of keys, got one plain value of [0-9]+ bytes \(not shown\)" check "$pv" --set "site.location=$tmp/id_fake.yaml") || { echo "$out"; exit 1; }
    echo "$out"
    ! grep -q "c2VjcmV0\|BEGIN FAKE" <<<"$out" || { echo "FAIL: the file's content is in the message"; exit 1; } ;;
  long_value_quoted)
    # A 5000-byte value in a key that quotes it: the message shows at most max_quoted_bytes of it.
    /usr/bin/python3 -c "import sys; open(sys.argv[2],'w').write(open(sys.argv[1]).read().replace('process: exp(60 s)', 'process: ' + 'x' * 5000))" "$mm1" "$tmp/long.yaml"
    out=$(expect "long.yaml:[0-9]+:[0-9]+: error: stations\[server\]\.process: .*'x{200}'\.\.\. \(5000 bytes, cut\)" check "$tmp/long.yaml") || { echo "$out"; exit 1; }
    echo "$out"
    ! grep -q "x\{201\}" <<<"$out" || { echo "FAIL: more than 200 bytes of the value are quoted"; exit 1; } ;;
  set_self_alias)
    expect "--set run=&r \{seed: \*r\}: error: run(\.seed)+\.\.\.: nested more than 64 levels deep \(an alias that refers to itself\?\)" run "$mm1" --set 'run=&r {seed: *r}' -o "$tmp/out.h5" ;;
  deep_flow_nesting)
    /usr/bin/python3 -c "import sys; open(sys.argv[1],'w').write('name: x\nrun: ' + '[' * 100000 + ']' * 100000 + '\n')" "$tmp/deep.yaml"
    expect "deep.yaml:2:[0-9]+: error: nested more than 64 levels deep \(brackets \[ and \{\)" run "$tmp/deep.yaml" -o "$tmp/out.h5" ;;
  *) echo "unknown case $name"; exit 1 ;;
esac
