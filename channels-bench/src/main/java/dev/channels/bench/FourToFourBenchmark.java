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
 * Scenario 3 of the benchmark issue: four producers and four consumers on one channel, at
 * capacities 0 and 1024 (ns per element). The raw JCTools floor is left out: its single-waiter
 * blocking is only correct for one producer and one consumer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
@State(Scope.Benchmark)
public class FourToFourBenchmark {
    static final int PER_THREAD = 5_000;
    static final int THREADS = 4;

    @Param({"channels", "jox", "jdk", "ltq"})
    public String system;

    @Param({"virtual", "platform"})
    public String threads;

    @Param({"0", "1024"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(PER_THREAD * THREADS)
    public void producersConsumers() throws InterruptedException {
        Pipe pipe = Pipe.of(system, capacity);
        Workers w = new Workers(threads);
        for (int t = 0; t < THREADS; t++) {
            w.startProducerAndConsumer(pipe, PER_THREAD);
        }
        w.joinAll();
    }
}
