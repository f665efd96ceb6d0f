package dev.channels.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code ./examples}: {@code ./examples <program> [options]}. Lists the programs
 * with {@code --help}, and each program's options with {@code <program> --help}.
 */
public final class Main {
    private Main() {
    }

    /** A runnable example: its code and its help text. */
    private record Program(String summary, String help, Body body) {
    }

    @FunctionalInterface
    private interface Body {
        int run(Args args) throws Exception;
    }

    private static final Map<String, Program> PROGRAMS = new LinkedHashMap<>();

    static {
        PROGRAMS.put("adder", new Program("request-reply server, a goroutine per request (seed 000)",
                Adder.HELP, Adder::main));
        PROGRAMS.put("greeter", new Program("TCP greeting server, a goroutine per connection or worker goroutines (seed 001)",
                Greeter.HELP, Greeter::main));
        PROGRAMS.put("greeter-cluster", new Program("the greeter's job channel across processes, over NATS (seed 001, distributed)",
                GreeterCluster.SERVER_HELP, GreeterCluster::server));
        PROGRAMS.put("greeter-workers", new Program("N worker processes for greeter-cluster",
                GreeterCluster.WORKERS_HELP, GreeterCluster::workers));
        PROGRAMS.put("greeter-worker", new Program("one worker process (greeter-workers starts these)",
                GreeterCluster.WORKER_HELP, GreeterCluster::worker));
        PROGRAMS.put("greeter-load", new Program("a load client for the greeter: thousands of connections at once",
                GreeterLoad.HELP, GreeterLoad::main));
        PROGRAMS.put("leaks", new Program("a leaked goroutine, its buffered-channel fix, nil channels (seed 004)",
                Leaks.HELP, Leaks::main));
        PROGRAMS.put("fetcher", new Program("fetch URLs serially, then concurrently; a health collector (seed 004)",
                Fetcher.HELP, Fetcher::main));
        PROGRAMS.put("streamer", new Program("HTTP server streaming frames to any number of clients (seed 003)",
                Streamer.HELP, Streamer::main));
        PROGRAMS.put("patterns", new Program("WaitGroup word stream, a deadline with Context, a self-refreshing token cache (seed 002)",
                Patterns.HELP, Patterns::main));
    }

    /**
     * Runs the named program.
     *
     * @param argv the program's name, then its options
     * @throws Exception whatever the program throws
     */
    public static void main(String[] argv) throws Exception {
        System.exit(run(argv));
    }

    static int run(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
            System.out.println("usage: ./examples <program> [options]    (./examples <program> --help for its options)");
            System.out.println();
            System.out.println("programs:");
            PROGRAMS.forEach((name, p) -> System.out.printf("  %-16s %s%n", name, p.summary()));
            return argv.length == 0 ? 2 : 0;
        }
        Program p = PROGRAMS.get(argv[0]);
        if (p == null) {
            System.err.println("unknown program: " + argv[0] + " (./examples --help lists them)");
            return 2;
        }
        Args args = new Args(Arrays.asList(argv).subList(1, argv.length));
        if (args.flag("--help") || args.flag("-h")) {
            System.out.print(p.help());
            return 0;
        }
        try {
            return p.body().run(args);
        } catch (Args.UsageException e) {
            System.err.println(argv[0] + ": " + e.getMessage());
            System.err.print(p.help());
            return 2;
        }
    }
}
