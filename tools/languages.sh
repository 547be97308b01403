#!/usr/bin/env bash
# `npx projen test:languages`: builds the npm, Python, Java and Go packages with jsii-pacmak and runs the example app
# of each language (examples/python, examples/java, examples/go). Each builds the spec's full example
# (web-server-01) with its language's types and must write the same bytes as the TypeScript construct path
# (examples/spec-typescript). Prints the time each language takes. Needs a compiled library (`npx projen compile`).
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK8S_CHECK_UPGRADE=false
export VMPROFILE_M2="${VMPROFILE_M2:-$HOME/.cache/cdk8s-vmprofile/m2}"
OUT="$PWD/dist/languages"
rm -rf "$OUT" && mkdir -p "$OUT"
FILE=web-server-01.k8s.yaml
timings=()
step() { # name, then the command; records its wall time
  local name=$1 start; shift; start=$(date +%s)
  echo "== $name"
  "$@"
  timings+=("$name: $(( $(date +%s) - start )) s")
}
same() { # language: its output must equal the TypeScript construct path's, byte for byte
  cmp "$OUT/typescript/web-server-01/$FILE" "$OUT/$1/$FILE" \
    || { echo "*** $1: $FILE differs from the TypeScript construct path's:"; diff "$OUT/typescript/web-server-01/$FILE" "$OUT/$1/$FILE" | head -40; exit 1; }
  echo "$1: $FILE is byte-identical to the TypeScript construct path's ($(wc -c < "$OUT/$1/$FILE") bytes)"
}

step 'typescript (reference)' bash -c "cd examples/spec-typescript && CDK8S_OUTDIR='$OUT/typescript' npx ts-node --transpile-only main.ts"

step 'package: python' npx projen package:python
python_app() {
  python3 -m venv "$OUT/venv"
  "$OUT/venv/bin/pip" install -q --disable-pip-version-check -r examples/python/requirements.txt dist/pkg/python/*.whl
  "$OUT/venv/bin/python" examples/python/app.py "$OUT/python"
}
step 'app: python' python_app
same python

step 'package: java' npx projen package:java
java_app() {
  rm -rf examples/java/target  # no jar of an earlier version on the class path
  mvn -q -B -Dmaven.repo.local="$VMPROFILE_M2" -f examples/java/pom.xml package 2>&1 | sed -e "s/\x1b\[[0-9;]*m//g"
  java -cp "examples/java/target/cdk8s-vmprofile-example-0.0.0.jar:examples/java/target/lib/*" io.github.cdk8svmprofile.example.Main "$OUT/java"
}
step 'app: java' java_app
same java

step 'package: go' npx projen package:go
step 'app: go' bash -c "cd examples/go && go mod tidy && go run . '$OUT/go'"
same go

printf '%s\n' '' 'Time per step:' "${timings[@]}"
