package dev.channels.bench;

import dev.channels.Channel;
import dev.channels.Select;
import dev.channels.SelectCase;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 4 of the benchmark issue: one consumer selecting over 2 or 4 channels, each fed by
 * its own producer (ns per element received). The JDK's queues have no select, so the systems
 * are the two channel libraries for threads; Kotlin's select is in {@link KotlinBenchmark}.
 * The uncontended cost of a select with a default is {@link SelectDefaultBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
@State(Scope.Benchmark)
public class SelectBenchmark {
    static final int N = 10_000;

    @Param({"channels", "jox"})
    public String system;

    @Param({"virtual", "platform"})
    public String threads;

    @Param({"2", "4"})
    public int channels;

    @Param({"0", "128"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(N)
    public void selectReceive() throws InterruptedException {
        Workers w = new Workers(threads);
        if (system.equals("channels")) {
            channelsSelect(w);
        } else if (system.equals("jox")) {
            joxSelect(w);
        } else {
            throw new IllegalArgumentException("unknown system: " + system);
        }
        w.joinAll();
    }

    private void channelsSelect(Workers w) {
        @SuppressWarnings("unchecked")
        Channel<Integer>[] chs = new Channel[channels];
        @SuppressWarnings("unchecked")
        SelectCase<Integer>[] cases = new SelectCase[channels];
        for (int c = 0; c < channels; c++) {
            Channel<Integer> ch = Channel.buffered(capacity);
            chs[c] = ch;
            cases[c] = ch.onReceive(v -> v);
            w.start(() -> {
                for (int i = 0; i < N / channels; i++) {
                    ch.send(i);
                }
            });
        }
        w.start(() -> {
            for (int i = 0; i < N; i++) {
                Select.select(cases);
            }
        });
    }

    private void joxSelect(Workers w) {
        @SuppressWarnings("unchecked")
        com.softwaremill.jox.SelectClause<Integer>[] clauses = new com.softwaremill.jox.SelectClause[channels];
        for (int c = 0; c < channels; c++) {
            com.softwaremill.jox.Channel<Integer> ch = capacity == 0
                    ? com.softwaremill.jox.Channel.newRendezvousChannel()
                    : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
            clauses[c] = ch.receiveClause();
            w.start(() -> {
                for (int i = 0; i < N / channels; i++) {
                    ch.send(i);
                }
            });
        }
        w.start(() -> {
            for (int i = 0; i < N; i++) {
                com.softwaremill.jox.Select.select(clauses);
            }
        });
    }
}
