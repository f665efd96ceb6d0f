module channels.dev/bench/twin

go 1.19
