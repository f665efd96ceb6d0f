package dev.channels.examples;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.Channels;
import dev.channels.Diagnostics;
import dev.channels.WaitGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seed 001, "A Real(ly) Simple Server": a TCP server that answers each line {@code Bob} with
 * {@code Hello, Bob} until the client hangs up, one goroutine per connection. Try it with
 * {@code nc localhost 8080} or {@code telnet localhost 8080}.
 *
 * <p>{@code --workers N} is the text's server2: each line becomes a {@code ClientJob} on a
 * channel served by N worker goroutines (the text has one), with {@code --cost} of simulated
 * work per job (the text busies the CPU for a second). A job carries the channel its reply goes
 * back on, and each connection writes its replies in the order its lines came, so with several
 * workers every client still gets its own answers, in order.
 *
 * <p>Ctrl-C shuts down cleanly: stop accepting, stop reading (each client sees its input end),
 * let the workers finish the jobs already queued, write their replies, then close.
 */
final class Greeter {
    static final String HELP = """
            usage: ./examples greeter [--port 8080] [--workers N] [--cost 1s] [--stats] [--dump D]
                                      [--max-line 8192] [--max-conns 10000] [--idle 5m]

              --port P      the TCP port to listen on (default 8080; 0 picks a free one)
              --workers N   server2 of the text: lines become jobs on a channel served by N worker
                            goroutines (default: no workers, each connection answers itself)
              --cost D      simulated work per job in worker mode: 250ms, 1s, ... (default 0)
              --stats       print the open connections and the heap in use every 2 seconds
              --dump D      turn diagnostics on and print every D the goroutines blocked on
                            channels: what each waits for, on which channel, for how long, where
              --max-line N  the longest line answered, in bytes; a longer one closes the
                            connection (default 8192)
              --max-conns N connections open at once; more are answered "server busy" and
                            closed (default 10000)
              --idle D      a connection that sends nothing for D is closed (default 5m)

            Then, in another terminal: nc localhost 8080   (type a name, get a greeting)
            Ctrl-C stops the server, finishing the jobs already queued.
            A stuck server, shown by its dump: --workers 1 --cost 30s --dump 5s, then a few
            clients each sending a few names.
            """;

    private Greeter() {
    }

    static int main(Args args) throws Exception {
        int port = args.intOption("--port", 8080);
        int workers = args.intOption("--workers", 0);
        Duration cost = Args.duration(args.option("--cost", "0s"));
        boolean stats = args.flag("--stats");
        String dump = args.option("--dump", null);
        Limits limits = new Limits(args.intOption("--max-line", 8192), args.intOption("--max-conns", 10_000),
                Args.duration(args.option("--idle", "5m")));
        args.requireNoneLeft();
        if (limits.maxLine() < 1 || limits.maxConnections() < 1 || !limits.idle().isPositive()) {
            throw new Args.UsageException("--max-line, --max-conns and --idle must be positive");
        }
        if (dump != null) {
            Diagnostics.setEnabled(true);          // before the server makes its channels
        }
        if (workers < 0) {
            throw new Args.UsageException("--workers must be 0 or more");
        }
        Server server = Server.start(port, workers, cost, limits, System.err::println);
        System.out.printf("Server is ready on port %d (%s).%n", server.port(),
                workers == 0 ? "a goroutine per connection" : workers + " worker goroutine(s), " + cost.toMillis() + " ms per job");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Shutting down...");
            server.shutdown(Duration.ofSeconds(10));
            System.out.println("Stopped.");
        }));
        if (stats) {
            Thread t = new Thread(() -> printStats(server), "greeter-stats");
            t.setDaemon(true);
            t.start();
        }
        if (dump != null) {
            Duration every = Args.duration(dump);
            Thread t = new Thread(() -> printDumps(every), "greeter-dump");
            t.setDaemon(true);
            t.start();
        }
        server.awaitStopped();
        return 0;
    }

    private static void printStats(Server server) {
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        String last = "";
        while (true) {
            try {
                Channels.sleep(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                return;
            }
            String now = String.format("connections: %d, heap in use: %d MiB", server.connectionCount(),
                    memory.getHeapMemoryUsage().getUsed() >> 20);
            if (!now.equals(last)) {
                System.out.println(now);
                last = now;
            }
        }
    }

    /** Go's SIGQUIT dump, for the goroutines blocked in the library: every {@code every}. */
    private static void printDumps(Duration every) {
        for (;;) {
            try {
                Channels.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("--- goroutines blocked on channels:");
            Diagnostics.dump(System.out);
        }
    }

    /**
     * What a client may not do: send a line longer than {@code maxLine} bytes, open more than
     * {@code maxConnections} at once, or stay silent longer than {@code idle}. Each refusal is a
     * log line; the server goes on serving everyone else.
     */
    record Limits(int maxLine, int maxConnections, Duration idle) {
        static final Limits DEFAULT = new Limits(8192, 10_000, Duration.ofMinutes(5));
    }

    /** A line to answer and the channel its answer goes back on: the text's {@code ClientJob}. */
    record ClientJob(String name, Channel<String> reply) {
    }

    /** Who answers a job when the workers are elsewhere: the name in, the text after "Hello, " out. */
    @FunctionalInterface
    interface RemoteWorkers {
        String answer(String name) throws InterruptedException;
    }

    /** The running server. */
    static final class Server {
        private final ServerSocket listener;
        private final Channel<ClientJob> clientJobs;        // null in direct mode
        private final RemoteWorkers remote;                 // null unless the workers are other processes
        private final Duration cost;
        private final Limits limits;
        private final java.util.function.Consumer<String> log;
        private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
        private final WaitGroup readers = new WaitGroup();   // connection goroutines still reading
        private final WaitGroup everything = new WaitGroup(); // every goroutine of the server
        private final java.util.concurrent.atomic.AtomicLong linesRead = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean stopping;

        private Server(ServerSocket listener, int workers, Duration cost, Limits limits,
                       java.util.function.Consumer<String> log, RemoteWorkers remote) {
            this.listener = listener;
            this.cost = cost;
            this.limits = limits;
            this.log = log;
            this.remote = remote;
            this.clientJobs = workers == 0 && remote == null ? null : Channel.unbuffered("clientJobs");
            if (remote != null) {
                spawn(this::forwardJobs);
            }
            for (int i = 0; i < workers; i++) {
                spawn(this::generateResponses);
            }
            spawn(this::acceptLoop);
        }

        /** Listens on {@code port} (0: any free port) and starts serving, with the default limits, quietly. */
        static Server start(int port, int workers, Duration cost) throws IOException {
            return start(port, workers, cost, Limits.DEFAULT, line -> { });
        }

        /** Listens on {@code port} (0: any free port) and starts serving; refusals go to {@code log}. */
        static Server start(int port, int workers, Duration cost, Limits limits,
                            java.util.function.Consumer<String> log) throws IOException {
            return new Server(listen(port), workers, cost, limits, log, null);
        }

        /**
         * As {@link #start(int, int, Duration, Limits, java.util.function.Consumer)} in worker
         * mode, but the workers are other processes: each job goes to {@code remote}, in a
         * goroutine of its own, and its answer back on the job's reply channel.
         */
        static Server startWithRemoteWorkers(int port, Limits limits, java.util.function.Consumer<String> log,
                                             RemoteWorkers remote) throws IOException {
            return new Server(listen(port), 0, Duration.ZERO, limits, log, java.util.Objects.requireNonNull(remote));
        }

        private static ServerSocket listen(int port) throws IOException {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(port), 4096);
            return listener;
        }

        int port() {
            return listener.getLocalPort();
        }

        int connectionCount() {
            return connections.size();
        }

        long linesRead() {
            return linesRead.get();
        }

        private interface Body {
            void run() throws Exception;
        }

        private void spawn(Body body) {
            everything.add(1);
            Channels.go(() -> {
                try {
                    body.run();
                } finally {
                    everything.done();
                }
            });
        }

        private void acceptLoop() {
            while (true) {
                Socket conn;
                try {
                    conn = listener.accept();
                } catch (IOException e) {
                    if (!stopping) {
                        System.err.println("accept failed: " + e.getMessage());
                    }
                    return;
                }
                if (connections.size() >= limits.maxConnections()) {
                    refuse(conn);
                    continue;
                }
                connections.add(conn);
                readers.add(1);
                spawn(() -> serve(conn));
            }
        }

        /** Too many connections: a word to the client, a line to the log, and closed at once. */
        private void refuse(Socket conn) {
            log.accept("greeter: refused " + conn.getRemoteSocketAddress() + ": " + connections.size()
                    + " connections open (--max-conns " + limits.maxConnections() + ")");
            try (conn) {
                conn.setSoLinger(true, 0);       // reset rather than linger: it is not served
                conn.getOutputStream().write("server busy\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // gone already
            }
        }

        /** One client: read names until it hangs up (or the server stops), answer each. */
        private void serve(Socket conn) throws InterruptedException {
            boolean reading = true;
            try (conn) {
                conn.setSoTimeout((int) Math.min(Integer.MAX_VALUE, limits.idle().toMillis()));
                var in = new LineReader(conn.getInputStream(), limits.maxLine());
                OutputStream out = conn.getOutputStream();
                if (clientJobs == null) {
                    for (String name; !stopping && (name = readLineOrNull(in, conn)) != null; ) {
                        linesRead.incrementAndGet();
                        out.write(greeting(name));
                        out.flush();
                    }
                } else {
                    reading = false;
                    serveThroughJobs(in, out, conn);
                }
            } catch (IOException e) {
                // the client went away mid-line: nothing to answer
            } finally {
                if (reading) {
                    readers.done();
                }
                connections.remove(conn);
            }
        }

        /**
         * Worker mode: each line becomes a job; a writer goroutine of this connection takes the
         * reply channels in the order the lines came and writes each answer when it is ready.
         */
        private void serveThroughJobs(LineReader in, OutputStream out, Socket conn) throws InterruptedException {
            String client = String.valueOf(conn.getRemoteSocketAddress());
            Channel<Channel<String>> pending = Channel.buffered(64, "pending replies of " + client);
            Thread writer = Channels.go(() -> {
                boolean clientGone = false;
                for (Channel<String> reply : pending) {
                    String name = reply.receive();
                    if (!clientGone) {
                        try {
                            out.write(greeting(name));
                            out.flush();
                        } catch (IOException e) {
                            clientGone = true; // keep draining, so no worker waits on us
                        }
                    }
                }
            });
            try {
                for (String name; (name = readLineOrNull(in, conn)) != null; ) {
                    linesRead.incrementAndGet();
                    Channel<String> reply = Channel.buffered(1, "reply to " + name);
                    pending.send(reply);
                    try {
                        clientJobs.send(new ClientJob(name, reply));
                    } catch (ChannelClosedException e) {
                        reply.send("(server stopping)"); // a forced shutdown closed the jobs early
                        break;
                    }
                }
            } finally {
                readers.done();
                pending.close();
                writer.join();
            }
        }

        /**
         * The next line, or null once the client hung up, or broke a limit (which is logged): a
         * line too long, or silence too long.
         */
        private String readLineOrNull(LineReader in, Socket conn) {
            try {
                return in.readLine();
            } catch (LineReader.LineTooLongException e) {
                log.accept("greeter: closed " + conn.getRemoteSocketAddress() + ": " + e.getMessage()
                        + " (--max-line " + limits.maxLine() + ")");
            } catch (java.net.SocketTimeoutException e) {
                log.accept("greeter: closed " + conn.getRemoteSocketAddress() + ": silent for "
                        + limits.idle().toMillis() + " ms (--idle)");
            } catch (IOException e) {
                // the client went away mid-line: nothing to answer
            }
            return null;
        }

        /** The text's generateResponses: take the next job, work, answer. Ends when the jobs channel closes. */
        private void generateResponses() throws InterruptedException {
            for (ClientJob job : clientJobs) {
                busyFor(cost);
                job.reply().send(job.name());
            }
        }

        /** The jobs go to the remote workers, each in its own goroutine, as many at once as queued. */
        private void forwardJobs() {
            for (ClientJob job : clientJobs) {
                spawn(() -> job.reply().send(remote.answer(job.name())));
            }
        }

        private static byte[] greeting(String name) {
            return ("Hello, " + name + "\n").getBytes(StandardCharsets.UTF_8);
        }

        /** The text's expensive job: keep the CPU busy for {@code d}. */
        private static void busyFor(Duration d) {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        }

        /**
         * Stops: no new connections, no new lines (each connection's input is shut, so its reader
         * sees the end), the queued jobs are finished and answered, then everything is closed.
         * Waits at most {@code grace}, then closes whatever is left.
         */
        void shutdown(Duration grace) {
            stopping = true;
            try {
                listener.close();
                for (Socket s : connections) {
                    shutdownInput(s);
                }
                if (clientJobs != null) {
                    readers.await(grace);          // every line read so far is a queued job
                    closeQuietly(clientJobs);      // the workers drain them, then end
                }
                if (!everything.await(grace)) {
                    for (Socket s : connections) {
                        s.close();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Blocks until every goroutine of the server has ended. */
        void awaitStopped() throws InterruptedException {
            everything.await();
        }

        private static void shutdownInput(Socket s) {
            try {
                s.shutdownInput();
            } catch (IOException e) {
                // already closed
            }
        }

        private static void closeQuietly(Channel<?> ch) {
            try {
                ch.close();
            } catch (ChannelClosedException e) {
                // closed already
            }
        }
    }
}
