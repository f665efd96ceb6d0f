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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 4, the uncontended cost of a select: one thread selecting over two empty channels
 * (one unbuffered, one buffered) with a default, which always wins. Go's
 * {@code select { case <-a: case <-b: default: }}. ns per select.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
@State(Scope.Benchmark)
public class SelectDefaultBenchmark {
    @Param({"channels", "jox"})
    public String system;

    private SelectCase<Integer>[] channelsCases;
    private com.softwaremill.jox.SelectClause<Integer>[] joxClauses;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.buffered(16);
        channelsCases = new SelectCase[] {a.onReceive(v -> v), b.onReceive(v -> v), Select.defaultCase(() -> -1)};
        com.softwaremill.jox.Channel<Integer> ja = com.softwaremill.jox.Channel.newRendezvousChannel();
        com.softwaremill.jox.Channel<Integer> jb = com.softwaremill.jox.Channel.newBufferedChannel(16);
        joxClauses = new com.softwaremill.jox.SelectClause[] {
            ja.receiveClause(), jb.receiveClause(), com.softwaremill.jox.Select.defaultClause(-1)
        };
    }

    @Benchmark
    public Integer selectWithDefault() throws InterruptedException {
        return switch (system) {
            case "channels" -> Select.select(channelsCases);
            case "jox" -> com.softwaremill.jox.Select.select(joxClauses);
            default -> throw new IllegalArgumentException("unknown system: " + system);
        };
    }
}
