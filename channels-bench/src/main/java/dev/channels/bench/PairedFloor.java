package dev.channels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Judges the scenarios where one side waits for the other against the physical floor
 * ({@link HandOffFloorBenchmark}) measured beside them.
 *
 * <p>The floor is bimodal on the project's VMs (about 55 ns per round trip when the two vCPUs
 * share a cache, about 470 when they do not) and switches within minutes, so a floor measured in
 * another run says nothing about a scenario's own placement. Here each round runs the floor,
 * then a scenario, then the floor again, then the next scenario, and so on, fork by fork (one
 * JMH fork each, two warm-up seconds and one measured: a few seconds apart). Forks, not runs in
 * one JVM, because in one JVM the scenarios pollute each other's profiles (measured: a select
 * over unbuffered channels took 1,600 ns per element there, against about 500 in a fork). A scenario's ratio in a round is its time over the geometric mean of the floors just
 * before and after it; a round in which those two floors differ by more than 1.5x (the
 * placement changed while it ran) is left out. Rounds are then grouped by placement: when the
 * floors of the run are bimodal (the largest over 3x the smallest), those below the geometric
 * mean of the two extremes are "near" (sharing a cache), the others "apart".
 *
 * <pre>
 *   java -cp benchmarks.jar dev.channels.bench.PairedFloor roundtrip|handoff [rounds]
 * </pre>
 * ({@code ./bench paired} runs both.) The report goes to standard output and to
 * {@code target/paired-<group>.txt}.
 */
public final class PairedFloor {
    private static final String PKG = "dev.channels.bench.";

    /** A JMH benchmark method with its parameters: one run of a round. */
    record Run(String label, String method, Map<String, String> params) {
        ChainedOptionsBuilder options() {
            ChainedOptionsBuilder b = new OptionsBuilder()
                    .include("^" + (PKG + method).replace(".", "\\.") + "$")
                    .forks(1)
                    .verbosity(VerboseMode.SILENT);
            params.forEach(b::param);
            return b;
        }
    }

    private static Run run(String label, String method, String... params) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new Run(label, method, p);
    }

    /** The floor of each group, and the scenarios it judges. */
    private static final Map<String, List<Run>> GROUPS = Map.of(
            "roundtrip", List.of(
                    run("floor: round trip", "HandOffFloorBenchmark.roundTrip"),
                    run("channels ping-pong", "PingPongBenchmark.roundTrip",
                            "system", "channels", "threads", "virtual"),
                    run("Kotlin ping-pong", "KotlinBenchmark.pingPong")),
            "handoff", List.of(
                    run("floor: hand-off", "HandOffFloorBenchmark.handOff"),
                    run("channels 1P1C cap 0", "OneToOneBenchmark.producerConsumer",
                            "system", "channels", "threads", "virtual", "capacity", "0"),
                    run("Kotlin 1P1C cap 0", "KotlinBenchmark.oneToOne", "capacity", "0"),
                    run("channels 1P1C cap 1", "OneToOneBenchmark.producerConsumer",
                            "system", "channels", "threads", "virtual", "capacity", "1"),
                    run("Kotlin 1P1C cap 1", "KotlinBenchmark.oneToOne", "capacity", "1"),
                    run("channels select 2 x cap 0", "SelectBenchmark.selectReceive",
                            "system", "channels", "threads", "virtual", "channels", "2", "capacity", "0"),
                    run("Kotlin select 2 x cap 0", "KotlinBenchmark.selectReceive",
                            "channels", "2", "capacity", "0")));

    private PairedFloor() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length < 1 || !GROUPS.containsKey(args[0])) {
            System.err.println("usage: PairedFloor " + String.join("|", GROUPS.keySet()) + " [rounds]");
            System.exit(2);
        }
        String group = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
        }
        List<Run> runs = GROUPS.get(group);
        Run floor = runs.get(0);
        List<Run> scenarios = runs.subList(1, runs.size());

        double[][] floors = new double[rounds][scenarios.size() + 1];
        double[][] times = new double[rounds][scenarios.size()];
        for (int round = 0; round < rounds; round++) {
            floors[round][0] = measure(floor);
            for (int s = 0; s < scenarios.size(); s++) {
                times[round][s] = measure(scenarios.get(s));
                floors[round][s + 1] = measure(floor);
            }
            System.err.printf(Locale.ROOT, "round %d/%d: floor %s%n", round + 1, rounds,
                    Arrays.toString(Arrays.stream(floors[round]).mapToLong(Math::round).toArray()));
        }
        String report = report(floor, scenarios, floors, times);
        System.out.print(report);
        Path out = Path.of("channels-bench", "target", "paired-" + group + ".txt");
        if (Files.isDirectory(out.getParent())) {
            Files.writeString(out, report);
            System.out.println("results in " + out);
        }
    }

    /** One JMH fork: the score in ns per operation. */
    private static double measure(Run r) throws RunnerException {
        var opts = r.options()
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(1).measurementTime(TimeValue.seconds(1))
                .timeUnit(TimeUnit.NANOSECONDS)
                .build();
        RunResult result = new Runner(opts).runSingle();
        return result.getPrimaryResult().getScore();
    }

    private static String report(Run floor, List<Run> scenarios,
                                 double[][] floors, double[][] times) {
        int rounds = times.length;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double[] f : floors) {
            for (double v : f) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        boolean bimodal = max > 3 * min;
        double split = Math.sqrt(min * max);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nPaired with the floor (%s), %d rounds; floors %.0f to %.0f ns%s%n",
                floor.label(), rounds, min, max,
                bimodal ? String.format(Locale.ROOT, ", bimodal: near below %.0f ns, apart above", split)
                        : ", one placement"));
        sb.append(String.format(Locale.ROOT, "%-28s %-9s %6s %12s %12s %22s%n",
                "scenario", "placement", "rounds", "floor ns", "scenario ns", "x floor: median (range)"));
        for (int s = 0; s < scenarios.size(); s++) {
            Map<String, List<double[]>> byPlacement = new LinkedHashMap<>();
            int dropped = 0;
            for (int round = 0; round < rounds; round++) {
                double before = floors[round][s];
                double after = floors[round][s + 1];
                if (Math.max(before, after) > 1.5 * Math.min(before, after)) {
                    dropped++;
                    continue;
                }
                double f = Math.sqrt(before * after);
                String placement = !bimodal ? "all" : f < split ? "near" : "apart";
                byPlacement.computeIfAbsent(placement, k -> new ArrayList<>())
                        .add(new double[] {f, times[round][s], times[round][s] / f});
            }
            for (var e : byPlacement.entrySet()) {
                List<double[]> rows = e.getValue();
                double[] ratios = rows.stream().mapToDouble(r -> r[2]).sorted().toArray();
                sb.append(String.format(Locale.ROOT, "%-28s %-9s %6d %12.0f %12.0f %8.2f (%.2f-%.2f)%n",
                        scenarios.get(s).label(), e.getKey(), rows.size(),
                        median(rows.stream().mapToDouble(r -> r[0]).toArray()),
                        median(rows.stream().mapToDouble(r -> r[1]).toArray()),
                        median(ratios), ratios[0], ratios[ratios.length - 1]));
            }
            if (dropped > 0) {
                sb.append(String.format(Locale.ROOT, "%-28s %-9s %6d   (the floor moved during the run)%n",
                        scenarios.get(s).label(), "dropped", dropped));
            }
        }
        return sb.toString();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
