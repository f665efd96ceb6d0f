#!/usr/bin/env bash
# The Go side of the benchmark table (./bench go): the Go twin of scenarios 1-4 and 6
# (twin_test.go) and the channel benchmarks of Go's own runtime that GoRuntimeBenchmark
# re-expresses, three runs each, GOMAXPROCS=2. Go comes from Debian's golang-go package, which
# this script installs when no `go` is on the PATH and it may run apt-get.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v go >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: installing Debian's golang-go..." >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null
    else
        echo "bench: no Go toolchain; install Debian's golang-go (apt-get install golang-go) and retry." >&2
        exit 1
    fi
fi

export GOMAXPROCS=2
export GOFLAGS=-mod=mod
go version
cd "$here"
go test -run '^$' -bench . -benchtime 1s -count 3
go test -run '^$' -benchtime 1s -count 3 runtime \
    -bench '^Benchmark(ChanSync|ChanProdCons(0|10|100)|ChanUncontended|ChanContended|SelectUncontended|SelectProdCons|ChanPopular)$'
