package dev.channels.examples;

import dev.channels.ChannelClosedException;
import dev.channels.Channels;
import dev.channels.nats.Codec;
import dev.channels.nats.LocalNatsServer;
import dev.channels.nats.NatsChannels;
import dev.channels.nats.NatsReceiveChannel;
import dev.channels.nats.Request;
import io.nats.client.Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001's server2 across processes: the greeter's job channel crosses to worker processes
 * over NATS. The greeter ({@code greeter-cluster}) turns each line into a request on the subject
 * {@code greeter.jobs}, carrying its reply channel (a NATS inbox), as the text's
 * {@code ClientJob} carries its own; the workers ({@code greeter-workers -n N}, one process each)
 * share the subject as a queue group, so each job goes to one of them, wherever it runs.
 *
 * <p>At most once, as core NATS: a job whose worker dies before answering gets no reply, so the
 * greeter asks again (three times, then answers that no worker could). Workers come and go
 * while the greeter runs; with none, the greeter answers at once that none is there.
 */
final class GreeterCluster {
    static final String SUBJECT = "greeter.jobs";
    static final String QUEUE = "greeter-workers";

    static final String SERVER_HELP = """
            usage: ./examples greeter-cluster [--port 7070] [--nats URL | --nats-port 4222] [--timeout 2s]

              --port P       the greeter's TCP port (default 7070; 0 picks a free one)
              --nats URL     a NATS server to use (default: start one, Debian's nats-server, on
                             --nats-port)
              --nats-port P  the port of the NATS server it starts (default 4222)
              --timeout D    how long a worker may take to answer a job before it is asked again

            Then, in another terminal: ./examples greeter-workers -n 3
            and in a third: nc localhost 7070   (type a name: a worker process answers)
            """;

    static final String WORKERS_HELP = """
            usage: ./examples greeter-workers [-n 3] [--nats nats://127.0.0.1:4222] [--cost 0s]

              -n N        how many worker processes to start (default 3)
              --nats URL  the NATS server the greeter uses (default nats://127.0.0.1:4222)
              --cost D    simulated work per job: 100ms, 1s, ... (default 0)

            Each worker is a JVM of its own (greeter-worker); their output comes here, each line
            prefixed with its worker. Ctrl-C stops them all.
            """;

    static final String WORKER_HELP = """
            usage: ./examples greeter-worker [--id 1] [--nats nats://127.0.0.1:4222] [--cost 0s]

            One worker process: serves the greeter's jobs until stopped (greeter-workers starts these).
            """;

    private GreeterCluster() {
    }

    // ---------------------------------------------------------------- the greeter

    static int server(Args args) throws Exception {
        int port = args.intOption("--port", 7070);
        String url = args.option("--nats", null);
        int natsPort = args.intOption("--nats-port", 4222);
        Duration timeout = Args.duration(args.option("--timeout", "2s"));
        args.requireNoneLeft();
        LocalNatsServer natsServer = null;
        if (url == null) {
            natsServer = LocalNatsServer.start(natsPort);
            url = natsServer.url();
            System.out.println("nats-server with JetStream running at " + url + " (storage " + natsServer.storage() + ")");
        }
        NatsChannels nats = NatsChannels.connect(new Options.Builder().server(url).reportNoResponders()
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).build());
        Greeter.Server server = Greeter.Server.startWithRemoteWorkers(port, Greeter.Limits.DEFAULT, System.err::println,
                name -> askWorkers(nats, name, timeout));
        System.out.printf("Greeter is ready on port %d; its jobs go to worker processes on %s, subject %s.%n",
                server.port(), url, SUBJECT);
        System.out.println("Start them: ./examples greeter-workers -n 3" + (natsPort != 4222 || natsServer == null ? " --nats " + url : ""));
        LocalNatsServer started = natsServer;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Shutting down...");
            server.shutdown(Duration.ofSeconds(10));
            nats.close();
            if (started != null) {
                started.close();
            }
            System.out.println("Stopped.");
        }));
        server.awaitStopped();
        return 0;
    }

    /**
     * One job, across the network: a request carrying its reply channel; asked again if no
     * worker answers in time (it died, or none is there yet).
     */
    static String askWorkers(NatsChannels nats, String name, Duration timeout) throws InterruptedException {
        String why = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            NatsReceiveChannel<String> reply = nats.request(SUBJECT, name, Codec.utf8(), Codec.utf8(), timeout);
            try {
                return reply.receive();
            } catch (ChannelClosedException e) {
                why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                System.err.println("greeter: job \"" + name + "\", attempt " + attempt + ": " + why);
                Channels.sleep(Duration.ofMillis(100L * attempt));
            }
        }
        return name + " (no worker answered: " + why + ")";
    }

    // ---------------------------------------------------------------- a worker process

    static int worker(Args args) throws Exception {
        int id = args.intOption("--id", 1);
        String url = args.option("--nats", "nats://127.0.0.1:4222");
        Duration cost = Args.duration(args.option("--cost", "0s"));
        args.requireNoneLeft();
        NatsChannels nats = NatsChannels.connect(new Options.Builder().server(url)
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).build());
        NatsReceiveChannel<Request<String, String>> jobs = nats.serve(SUBJECT, QUEUE, Codec.utf8(), Codec.utf8(), 64);
        nats.flush(Duration.ofSeconds(10));                  // the server knows us: jobs may come
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            jobs.close();                                     // drain: finish what was sent to us
            nats.close();
        }));
        System.out.println("worker " + id + " (pid " + ProcessHandle.current().pid() + ") serving " + SUBJECT + " on " + url);
        System.out.flush();
        long served = 0;
        for (Request<String, String> job : jobs) {               // the text's generateResponses
            Channels.go(() -> {
                if (cost.isPositive()) {
                    Channels.sleep(cost);
                }
                job.replyTo().send(job.value() + " (from worker " + id + ")");
            });
            served++;
        }
        System.out.println("worker " + id + " stopped after " + served + " jobs" + (jobs.failure() != null ? ": " + jobs.failure().getMessage() : ""));
        return 0;
    }

    // ---------------------------------------------------------------- N worker processes

    static int workers(Args args) throws Exception {
        int n = args.intOption("-n", 3);
        String url = args.option("--nats", "nats://127.0.0.1:4222");
        String cost = args.option("--cost", "0s");
        args.requireNoneLeft();
        if (n < 1) {
            throw new Args.UsageException("-n must be at least 1");
        }
        Args.duration(cost);                                     // checked here, not n times
        List<Process> children = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            children.forEach(Process::destroy);                  // SIGTERM: each drains, then ends
            for (Process p : children) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        List<Thread> pipes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            List<String> command = new ArrayList<>(sameJvm());
            command.addAll(List.of("greeter-worker", "--id", Integer.toString(i), "--nats", url, "--cost", cost));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            children.add(p);
            String prefix = "[worker " + i + "] ";
            pipes.add(Thread.ofPlatform().daemon().start(() -> copyLines(p, prefix)));
        }
        int failed = 0;
        for (int i = 0; i < n; i++) {
            int code = children.get(i).waitFor();
            pipes.get(i).join(1000);
            if (code != 0 && !stopping.get()) {
                System.out.println("[worker " + (i + 1) + "] exited with " + code);
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** The command that started this JVM, to start the workers the same way (module or class path). */
    private static List<String> sameJvm() {
        String java = ProcessHandle.current().info().command().orElse("java");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && GreeterCluster.class.getModule().isNamed()) {
            return List.of(java, "-p", modulePath, "-m", "dev.channels.examples/" + Main.class.getName());
        }
        return List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    private static void copyLines(Process p, String prefix) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println(prefix + line);
            }
        } catch (IOException e) {
            // the worker is gone
        }
    }
}
