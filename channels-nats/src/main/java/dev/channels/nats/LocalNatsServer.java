package dev.channels.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} with JetStream, run as a child process on a loopback port with a
 * storage directory of its own: for tests and demos, not for production (run NATS as a service
 * there). It can be killed and restarted on the same port and storage, which is how the fault
 * tests cut the network under a running program.
 *
 * <p>The binary is found in {@code $NATS_SERVER}, on the {@code PATH}, or where Debian's
 * {@code nats-server} package puts it ({@code /usr/sbin}).
 *
 * <pre>{@code
 * try (LocalNatsServer server = LocalNatsServer.start();
 *      NatsChannels nats = NatsChannels.connect(server.url())) {
 *     ...
 * }
 * }</pre>
 */
public final class LocalNatsServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path binary;
    private final Path storage;
    private final int port;
    private Process process;
    private Path log;                 // one per launch: readiness is read from the newest
    private int launches;

    private LocalNatsServer(Path binary, Path storage, int port) {
        this.binary = binary;
        this.storage = storage;
        this.port = port;
    }

    /**
     * Starts a server with JetStream on a free loopback port and a new temporary directory.
     *
     * @return the running server
     * @throws IOException if it cannot be started or does not accept connections in time
     * @throws IllegalStateException if no {@code nats-server} binary is installed
     */
    public static LocalNatsServer start() throws IOException {
        return start(0);
    }

    /**
     * Starts a server with JetStream on the given loopback port and a new temporary directory.
     *
     * @param port the port (0: a free one)
     * @return the running server
     * @throws IOException if it cannot be started (the port is taken, say) or does not accept
     *         connections in time
     * @throws IllegalStateException if no {@code nats-server} binary is installed
     */
    public static LocalNatsServer start(int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "nats-server not found: install it (Debian: apt-get install nats-server) or set NATS_SERVER to its path"));
        LocalNatsServer server = new LocalNatsServer(binary, Files.createTempDirectory("channels-nats-"),
                port == 0 ? freePort() : port);
        try {
            server.launch();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Where the {@code nats-server} binary is, if installed.
     *
     * @return its path, or empty
     */
    public static java.util.Optional<Path> binary() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("NATS_SERVER");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "nats-server"));
                }
            }
        }
        candidates.add(Path.of("/usr/sbin/nats-server"));
        candidates.add(Path.of("/usr/bin/nats-server"));
        candidates.add(Path.of("/usr/local/bin/nats-server"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private synchronized void launch() throws IOException {
        log = storage.resolve("nats-server-" + (++launches) + ".log");
        process = new ProcessBuilder(binary.toString(),
                "-a", "127.0.0.1", "-p", Integer.toString(port),
                "-js", "-sd", storage.resolve("jetstream").toString(),
                "-n", "channels-test-" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IOException("nats-server exited with " + process.exitValue() + ": " + logTail());
            }
            if (System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new IOException("nats-server did not start within " + START_TIMEOUT + ": " + logTail());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("interrupted while nats-server started", e);
            }
        }
    }

    /** Ready once it says so (JetStream recovered its storage) and accepts on its port. */
    private boolean ready() {
        try {
            if (!Files.exists(log) || !Files.readString(log, StandardCharsets.UTF_8).contains("Server is ready")) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * The URL clients connect to.
     *
     * @return {@code nats://127.0.0.1:port}
     */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /**
     * The loopback port it listens on; the same across {@link #restart()}.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The directory of its JetStream storage and its logs, deleted by {@link #close()}.
     *
     * @return the directory
     */
    public Path storage() {
        return storage;
    }

    /**
     * Whether the server process is running.
     *
     * @return true while it runs
     */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Kills the server at once (SIGKILL): connections drop with no goodbye, as when a machine
     * dies. JetStream keeps what it had written to its storage.
     *
     * @throws InterruptedException if interrupted while waiting for it to die
     */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /**
     * Starts the server again on the same port and storage, after {@link #kill()} or
     * {@link #close()}.
     *
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while the old process dies
     */
    public synchronized void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and deletes its storage. */
    @Override
    public synchronized void close() {
        try {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteStorage();
        }
    }

    private void deleteStorage() {
        try (Stream<Path> files = Files.walk(storage)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + storage, e);
        }
    }

    @Override
    public String toString() {
        return "LocalNatsServer[" + url() + (isRunning() ? "" : ", stopped") + "]";
    }
}
