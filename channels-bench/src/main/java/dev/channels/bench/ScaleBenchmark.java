package dev.channels.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 6 of the benchmark issue, its time: {@code n} virtual threads each parked receiving
 * on its own channel, against bare {@code LockSupport.park} threads (ms per whole population).
 * {@code spawnAndPark} times starting them until every one is parked; {@code release} times
 * waking them all (one send each) until every one has ended. The heap they hold is measured by
 * {@link ParkedHeap} ({@code ./bench heap}), which needs a quiet JVM of its own.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 2, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx4g"})
public class ScaleBenchmark {

    /** A population made before each invocation and released after it. */
    @State(Scope.Benchmark)
    public static class Spawn {
        @Param({"channels", "jox", "bare"})
        public String system;

        @Param({"100000", "1000000"})
        public int n;

        Parked parked;

        @Setup(Level.Invocation)
        public void make() {
            parked = new Parked(system, n);
        }

        @TearDown(Level.Invocation)
        public void releaseAll() throws InterruptedException {
            parked.release();
            parked = null;
        }
    }

    /** A population made and parked before each invocation. */
    @State(Scope.Benchmark)
    public static class Release {
        @Param({"channels", "jox", "bare"})
        public String system;

        @Param({"100000", "1000000"})
        public int n;

        Parked parked;

        @Setup(Level.Invocation)
        public void makeAndPark() {
            parked = new Parked(system, n);
            parked.spawnAndPark();
        }

        @TearDown(Level.Invocation)
        public void drop() {
            parked = null;
        }
    }

    @Benchmark
    public void spawnAndPark(Spawn s) {
        s.parked.spawnAndPark();
    }

    @Benchmark
    public void release(Release s) throws InterruptedException {
        s.parked.release();
    }
}
