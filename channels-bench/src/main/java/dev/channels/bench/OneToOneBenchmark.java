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
 * Scenario 2 of the benchmark issue: one producer and one consumer at capacities 0, 1, 16 and
 * 1024 (ns per element). Each invocation starts its two threads and moves {@link #N} elements,
 * so thread start is amortized away.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
@State(Scope.Benchmark)
public class OneToOneBenchmark {
    static final int N = 10_000;

    @Param({"channels", "jox", "jdk", "ltq", "jctools"})
    public String system;

    @Param({"virtual", "platform"})
    public String threads;

    @Param({"0", "1", "16", "1024"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(N)
    public void producerConsumer() throws InterruptedException {
        Pipe pipe = Pipe.of(system, capacity);
        Workers w = new Workers(threads);
        w.startProducerAndConsumer(pipe, N);
        w.joinAll();
    }
}
