package dev.channels.bench;

import java.util.concurrent.TimeUnit;
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
 * The physical floor of the scenarios where one side waits for the other: two goroutines that
 * never park, spinning on volatile fields, so that each step costs only what moving a cache line
 * between their two carriers costs.
 *
 * <ul>
 *   <li>{@link #roundTrip}: one writes {@code ping}, the other waits for it and writes
 *       {@code pong}, the first waits for that: the floor of {@link PingPongBenchmark}.
 *   <li>{@link #handOff}: a producer puts each element in a one-element cell and waits until
 *       the consumer has taken it before it puts the next, as an unbuffered send waits for its
 *       receiver: the floor of one producer and one consumer on an unbuffered channel, and of a
 *       select over unbuffered channels.
 * </ul>
 *
 * On the project's VMs the cost is bimodal (the two vCPUs share a cache, or they do not) and
 * switches within minutes, within one JVM, so a scenario is judged against this floor measured
 * beside it: {@link PairedFloor}, {@code ./bench paired}. A spinner yields once in a long while,
 * so that on a single carrier the benchmark finishes instead of spinning forever.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
@State(Scope.Benchmark)
public class HandOffFloorBenchmark {
    static final int N = 10_000;
    /** Spins between two yields: far longer than any hand-off between running carriers. */
    private static final int SPINS_BEFORE_YIELD = 1 << 16;

    /** The fields the two goroutines spin on, each on a cache line of its own. */
    static final class Lines {
        long p00, p01, p02, p03, p04, p05, p06, p07;
        /** The round trip's ping, or the hand-off's cell (0 when empty, else the element). */
        volatile int ping;
        long p10, p11, p12, p13, p14, p15, p16, p17;
        volatile int pong;
        long p20, p21, p22, p23, p24, p25, p26, p27;
    }

    /** One step of a spin: a spin-wait hint, and a yield once in a long while (see above). */
    private static int spin(int spins) {
        if (spins == SPINS_BEFORE_YIELD) {
            Thread.yield();
            return 0;
        }
        Thread.onSpinWait();
        return spins + 1;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void roundTrip() throws InterruptedException {
        Lines l = new Lines();
        Workers w = new Workers("virtual");
        w.start(() -> {
            for (int i = 1; i <= N; i++) {
                for (int spins = 0; l.ping != i; spins = spin(spins)) { }
                l.pong = i;
            }
        });
        w.start(() -> {
            for (int i = 1; i <= N; i++) {
                l.ping = i;
                for (int spins = 0; l.pong != i; spins = spin(spins)) { }
            }
        });
        w.joinAll();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void handOff() throws InterruptedException {
        Lines l = new Lines();
        Workers w = new Workers("virtual");
        w.start(() -> {
            for (int i = 1; i <= N; i++) {
                l.ping = i;                                                     // put
                for (int spins = 0; l.ping != 0; spins = spin(spins)) { }     // wait for the taker
            }
        });
        w.start(() -> {
            long sum = 0;
            for (int i = 1; i <= N; i++) {
                int v;
                for (int spins = 0; (v = l.ping) == 0; spins = spin(spins)) { } // wait for one
                sum += v;
                l.ping = 0;                                                     // take
            }
            if (sum != (long) N * (N + 1) / 2) {
                throw new IllegalStateException("hand-off lost an element: sum " + sum);
            }
        });
        w.joinAll();
    }
}
