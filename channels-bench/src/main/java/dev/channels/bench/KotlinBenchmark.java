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
 * Scenarios 1 to 4 on Kotlin coroutines' channels (kotlinx-coroutines-core), with the same
 * element counts as {@link PingPongBenchmark}, {@link OneToOneBenchmark},
 * {@link FourToFourBenchmark}, {@link SelectBenchmark} and {@link SelectDefaultBenchmark}.
 * These are coroutines on {@code Dispatchers.Default}, not threads (see {@code KotlinScenarios.kt}):
 * they have no virtual/platform axis. Each benchmark method uses only the parameters of its own
 * state class, so JMH runs exactly the combinations the Java scenarios run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
public class KotlinBenchmark {

    /** Capacities of scenario 2. */
    @State(Scope.Benchmark)
    public static class OneToOne {
        @Param({"0", "1", "16", "1024"})
        public int capacity;
    }

    /** Capacities of scenario 3. */
    @State(Scope.Benchmark)
    public static class FourToFour {
        @Param({"0", "1024"})
        public int capacity;
    }

    /** Channel counts and capacities of scenario 4. */
    @State(Scope.Benchmark)
    public static class SelectShape {
        @Param({"2", "4"})
        public int channels;

        @Param({"0", "128"})
        public int capacity;
    }

    @Benchmark
    @OperationsPerInvocation(PingPongBenchmark.N)
    public void pingPong() {
        KotlinScenarios.pingPong(PingPongBenchmark.N);
    }

    @Benchmark
    @OperationsPerInvocation(OneToOneBenchmark.N)
    public void oneToOne(OneToOne p) {
        KotlinScenarios.producersConsumers(1, p.capacity, OneToOneBenchmark.N);
    }

    @Benchmark
    @OperationsPerInvocation(FourToFourBenchmark.PER_THREAD * FourToFourBenchmark.THREADS)
    public void fourToFour(FourToFour p) {
        KotlinScenarios.producersConsumers(FourToFourBenchmark.THREADS, p.capacity, FourToFourBenchmark.PER_THREAD);
    }

    @Benchmark
    @OperationsPerInvocation(SelectBenchmark.N)
    public void selectReceive(SelectShape p) {
        KotlinScenarios.selectReceive(p.channels, p.capacity, SelectBenchmark.N);
    }

    static final int DEFAULTS = 10_000;

    @Benchmark
    @OperationsPerInvocation(DEFAULTS)
    public int selectWithDefault() {
        return KotlinScenarios.selectWithDefault(DEFAULTS);
    }
}
