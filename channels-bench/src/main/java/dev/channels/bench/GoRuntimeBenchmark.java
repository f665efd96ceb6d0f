package dev.channels.bench;

import dev.channels.Channel;
import dev.channels.Channels;
import dev.channels.ReceiveChannel;
import dev.channels.Select;
import dev.channels.SelectCase;
import dev.channels.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 5 of the benchmark issue: the channel benchmarks of Go's runtime
 * ({@code runtime/chan_test.go}) re-expressed on channels, with virtual threads as goroutines
 * and two of them wherever Go uses {@code GOMAXPROCS} (this machine has 2 cores). Each
 * benchmark reports ns per Go "op", so its score compares directly with
 * {@code go test -bench} on the Go runtime ({@code ./bench go} runs both).
 *
 * <p>Go's {@code b.N} loop becomes a fixed batch per JMH invocation, and {@code RunParallel}
 * becomes {@link #PROCS} virtual threads sharing the batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
@State(Scope.Benchmark)
public class GoRuntimeBenchmark {
    static final int PROCS = 2;
    /** Go's CallsPerSched: the work of one scheduling quantum. */
    static final int CALLS = 1000;
    /** Ops per invocation of the RunParallel benchmarks. */
    static final int PARALLEL_OPS = 2_000;

    /** Seeded from a field so the JIT cannot fold the local work away. */
    static int seed = 1;

    private static int localWork(int foo, int n) {
        for (int i = 0; i < n; i++) {
            foo *= 2;
            foo /= 2;
        }
        return foo;
    }

    /** Two goroutines swapping roles over one unbuffered channel: receive-then-send against send-then-receive. */
    @Benchmark
    @OperationsPerInvocation(PROCS * CALLS)
    public void chanSync() throws InterruptedException {
        Channel<Integer> ch = Channel.unbuffered();
        Workers w = new Workers("virtual");
        for (int p = 0; p < PROCS; p++) {
            boolean receiveFirst = p % 2 == 0;
            w.start(() -> {
                for (int g = 0; g < CALLS; g++) {
                    if (receiveFirst) {
                        ch.receive();
                        ch.send(0);
                    } else {
                        ch.send(0);
                        ch.receive();
                    }
                }
            });
        }
        w.joinAll();
    }

    @Benchmark
    @OperationsPerInvocation(PROCS * CALLS)
    public void chanProdCons0() throws InterruptedException {
        prodCons(0);
    }

    @Benchmark
    @OperationsPerInvocation(PROCS * CALLS)
    public void chanProdCons10() throws InterruptedException {
        prodCons(10);
    }

    @Benchmark
    @OperationsPerInvocation(PROCS * CALLS)
    public void chanProdCons100() throws InterruptedException {
        prodCons(100);
    }

    /** PROCS producers and PROCS consumers on one channel; each producer ends with a 0 sentinel. */
    private static void prodCons(int capacity) throws InterruptedException {
        Channel<Integer> ch = Channel.buffered(capacity);
        Workers w = new Workers("virtual");
        for (int p = 0; p < PROCS; p++) {
            w.start(() -> {
                for (int g = 0; g < CALLS; g++) {
                    ch.send(1);
                }
                ch.send(0);
            });
            w.start(() -> {
                while (ch.receive() != 0) {
                    // consume
                }
            });
        }
        w.joinAll();
    }

    /** Each goroutine fills its own channel of 100 and drains it: ns per fill-and-drain. */
    @Benchmark
    @OperationsPerInvocation(PARALLEL_OPS / 100)
    public void chanUncontended() throws InterruptedException {
        Workers w = new Workers("virtual");
        for (int p = 0; p < PROCS; p++) {
            w.start(() -> fillAndDrain(Channel.buffered(100), PARALLEL_OPS / 100 / PROCS));
        }
        w.joinAll();
    }

    /** The same on one channel of 100 * PROCS shared by all goroutines. */
    @Benchmark
    @OperationsPerInvocation(PARALLEL_OPS / 100)
    public void chanContended() throws InterruptedException {
        Channel<Integer> ch = Channel.buffered(100 * PROCS);
        Workers w = new Workers("virtual");
        for (int p = 0; p < PROCS; p++) {
            w.start(() -> fillAndDrain(ch, PARALLEL_OPS / 100 / PROCS));
        }
        w.joinAll();
    }

    private static void fillAndDrain(Channel<Integer> ch, int rounds) throws InterruptedException {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 100; i++) {
                ch.send(0);
            }
            for (int i = 0; i < 100; i++) {
                ch.receive();
            }
        }
    }

    /** Each goroutine passes a token between its own two channels of 1 through a select. */
    @Benchmark
    @OperationsPerInvocation(PARALLEL_OPS)
    public void selectUncontended() throws InterruptedException {
        Workers w = new Workers("virtual");
        for (int p = 0; p < PROCS; p++) {
            w.start(() -> {
                Channel<Integer> a = Channel.buffered(1);
                Channel<Integer> b = Channel.buffered(1);
                a.send(0);
                SelectCase<Channel<Integer>> fromA = a.onReceive(v -> b);
                SelectCase<Channel<Integer>> fromB = b.onReceive(v -> a);
                for (int i = 0; i < PARALLEL_OPS / PROCS; i++) {
                    Select.select(fromA, fromB).send(0);
                }
            });
        }
        w.joinAll();
    }

    /**
     * PROCS producers and consumers on a channel of 128, each side selecting against a timer
     * that never fires and a close signal never given, with 100 steps of local work per element.
     */
    @Benchmark
    @OperationsPerInvocation(PROCS * CALLS)
    public int selectProdCons() throws InterruptedException {
        Channel<Integer> ch = Channel.buffered(128);
        Channel<Boolean> closing = Channel.unbuffered();
        AtomicInteger sink = new AtomicInteger();
        Workers w = new Workers("virtual");
        for (int p = 0; p < PROCS; p++) {
            w.start(() -> {
                ReceiveChannel<Instant> timer = Channels.after(Duration.ofHours(1));
                int foo = seed;
                for (int g = 0; g < CALLS; g++) {
                    foo = localWork(foo, 100);
                    Select.select(ch.onSend(1, () -> 0), timer.onReceive(t -> 0), closing.onReceive(c -> 0));
                }
                ch.send(0);
                sink.addAndGet(foo);
            });
            w.start(() -> {
                ReceiveChannel<Instant> timer = Channels.after(Duration.ofHours(1));
                int foo = seed;
                while (Select.select(ch.onReceive(v -> v), timer.onReceive(t -> 1), closing.onReceive(c -> 1)) != 0) {
                    foo = localWork(foo, 100);
                }
                sink.addAndGet(foo);
            });
        }
        w.joinAll();
        return sink.get();
    }

    static final int POPULAR = 1000;
    static final int POPULAR_ROUNDS = 100;

    /**
     * A thousand goroutines each selecting over one shared channel that never fires and its own
     * channel; the main goroutine sends to each in turn. One op = one round of a thousand sends.
     */
    @Benchmark
    @OperationsPerInvocation(POPULAR_ROUNDS)
    public void chanPopular() throws InterruptedException {
        Channel<Boolean> shared = Channel.unbuffered();
        List<Channel<Boolean>> own = new ArrayList<>(POPULAR);
        WaitGroup wg = new WaitGroup();
        for (int j = 0; j < POPULAR; j++) {
            Channel<Boolean> d = Channel.unbuffered();
            own.add(d);
            wg.add(1);
            Channels.go(() -> {
                try {
                    for (int i = 0; i < POPULAR_ROUNDS; i++) {
                        Select.select(shared.onReceive(v -> v), d.onReceive(v -> v));
                    }
                } finally {
                    wg.done();
                }
            });
        }
        for (int i = 0; i < POPULAR_ROUNDS; i++) {
            for (Channel<Boolean> d : own) {
                d.send(true);
            }
        }
        wg.await();
    }
}
