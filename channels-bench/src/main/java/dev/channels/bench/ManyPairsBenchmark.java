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
 * The many-goroutines side of spinning: {@link #PAIRS} producer-consumer pairs at once, each on
 * its own channel, far more threads than carriers (ns per element, all pairs together). A
 * blocked operation that spins or waits for its partner here holds a carrier that another
 * pair could use, so this is where waiting before parking costs, where {@link
 * OneToOneBenchmark} shows what it gains.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
@State(Scope.Benchmark)
public class ManyPairsBenchmark {
    static final int PAIRS = 100;
    static final int PER_PAIR = 1_000;

    @Param({"channels", "jox", "jdk"})
    public String system;

    @Param({"0", "1", "16", "1024"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(PAIRS * PER_PAIR)
    public void pairs() throws InterruptedException {
        Workers w = new Workers("virtual");
        for (int p = 0; p < PAIRS; p++) {
            w.startProducerAndConsumer(Pipe.of(system, capacity), PER_PAIR);
        }
        w.joinAll();
    }
}
