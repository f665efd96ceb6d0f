package dev.channels.bench;

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
 * Scenario 1 of the benchmark issue: ping-pong over two unbuffered channels, ns per round trip.
 * Each invocation starts its two threads and makes {@link #N} round trips.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
@State(Scope.Benchmark)
public class PingPongBenchmark {
    static final int N = 10_000;

    @Param({"channels", "jox", "jdk", "ltq", "jctools"})
    public String system;

    @Param({"virtual", "platform"})
    public String threads;

    @Benchmark
    @OperationsPerInvocation(N)
    public void roundTrip() throws InterruptedException {
        Pipe ping = Pipe.of(system, 0);
        Pipe pong = Pipe.of(system, 0);
        Workers w = new Workers(threads);
        w.start(() -> {
            for (int i = 0; i < N; i++) {
                pong.send(ping.receive());
            }
        });
        w.start(() -> {
            for (int i = 0; i < N; i++) {
                ping.send(i);
                pong.receive();
            }
        });
        w.joinAll();
    }
}
