package dev.channels.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 6 of the benchmark issue, its heap: the bytes each parked receiver holds, its
 * channel included, for {@code n} receivers each parked on its own unbuffered channel.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.channels.bench.ParkedHeap [n ...]     (./bench heap)
 * </pre>
 *
 * <p>Each system is measured in a fresh JVM of its own (so no system inherits another's
 * garbage or JIT state), three times: the used heap after full collections before the
 * population is made and again while all of it is parked, divided by {@code n}. A parked
 * virtual thread's frames live in the heap (its stack chunk), so the difference is what the
 * population costs. {@code bare} is a virtual thread in {@code LockSupport.park} and nothing
 * else; {@code kotlin} is a coroutine suspended receiving on a Kotlin rendezvous channel.
 */
public final class ParkedHeap {
    private static final String[] SYSTEMS = {"bare", "channels", "jox", "kotlin"};
    private static final int RUNS = 3;
    private static final int WARM_ROUNDS = 5;

    private ParkedHeap() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--child")) {
            child(args[1], Integer.parseInt(args[2]));
            return;
        }
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a.replace("_", "")));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100_000, 1_000_000);
        }
        System.out.printf("%-9s %10s %24s %20s%n", "system", "n", "heap per receiver (B)", "spawn+park (ms)");
        for (int n : sizes) {
            for (String system : SYSTEMS) {
                List<String> bytes = new ArrayList<>();
                List<String> millis = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    String[] result = runChild(system, n).split(" ");
                    bytes.add(result[0]);
                    millis.add(result[1]);
                }
                System.out.printf("%-9s %10d %24s %20s%n", system, n, String.join(" ", bytes), String.join(" ", millis));
            }
        }
    }

    private static String runChild(String system, int n) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xms6g", "-Xmx6g", "-XX:+UseG1GC",
                        "--sun-misc-unsafe-memory-access=allow",
                        "-cp", System.getProperty("java.class.path"),
                        ParkedHeap.class.getName(), "--child", system, Integer.toString(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("measuring " + system + " failed: " + out);
        }
        return out;
    }

    /** Prints "bytesPerReceiver spawnParkMillis". */
    private static void child(String system, int n) throws Exception {
        long[] result = new long[2];
        if (system.equals("kotlin")) {
            for (int round = 0; round < WARM_ROUNDS; round++) {
                KotlinScenarios.parked(100_000, () -> {});
            }
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            KotlinScenarios.parked(n, () -> {
                result[1] = (System.nanoTime() - t0) / 1_000_000;
                result[0] = (usedAfterGc() - before) / n;
            });
        } else {
            // Warm the code paths first. A parked virtual thread's stack chunk holds its frames
            // as they were when it parked: interpreted frames are far larger than compiled ones,
            // so a cold run measures the interpreter, not the program.
            for (int round = 0; round < WARM_ROUNDS; round++) {
                Parked warm = new Parked(system, 100_000);
                warm.spawnAndPark();
                warm.release();
            }
            Thread.sleep(1_000);
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            Parked parked = new Parked(system, n);
            parked.spawnAndPark();
            result[1] = (System.nanoTime() - t0) / 1_000_000;
            result[0] = (usedAfterGc() - before) / n;
            parked.release();
        }
        System.out.println(result[0] + " " + result[1]);
    }

    private static long usedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
