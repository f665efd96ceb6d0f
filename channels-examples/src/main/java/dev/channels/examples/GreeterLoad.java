package dev.channels.examples;

import dev.channels.Channel;
import dev.channels.Channels;
import dev.channels.WaitGroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load client for the greeter: opens {@code --connections} connections at once, one goroutine
 * each, has each say its name and check the answer, holds them all open until every one has
 * answered, then says so and holds them for {@code --hold} before hanging up. Run it in a
 * second terminal while the greeter runs with {@code --stats}, which prints its connections and
 * heap meanwhile.
 */
final class GreeterLoad {
    static final String HELP = """
            usage: ./examples greeter-load [--host localhost] [--port 8080] [--connections 10000] [--hold 10s]

              Opens that many connections to a running greeter at once, one goroutine each; each
              sends its name and checks the greeting; all stay open for --hold, then hang up.
              (Each connection is a file descriptor on both sides: check ulimit -n.)
            """;

    private GreeterLoad() {
    }

    static int main(Args args) throws Exception {
        String host = args.option("--host", "localhost");
        int port = args.intOption("--port", 8080);
        int n = args.intOption("--connections", 10_000);
        var hold = Args.duration(args.option("--hold", "10s"));
        args.requireNoneLeft();

        long t0 = System.nanoTime();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        WaitGroup answered = new WaitGroup();
        Channel<Void> hangUp = Channel.unbuffered();
        WaitGroup closed = new WaitGroup();
        for (int i = 0; i < n; i++) {
            String name = "client" + i;
            answered.add(1);
            closed.add(1);
            Channels.go(() -> {
                boolean counted = false;
                try (Socket s = new Socket(host, port)) {
                    var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    var out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                    out.println(name);
                    boolean good = ("Hello, " + name).equals(in.readLine());
                    (good ? ok : failed).incrementAndGet();
                    counted = true;
                    answered.done();
                    hangUp.receiveOk(); // hold the connection open until told
                } catch (IOException e) {
                    if (!counted) {
                        failed.incrementAndGet();
                        answered.done();
                    }
                } finally {
                    closed.done();
                }
            });
        }
        answered.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d connections open and answered (%d failed) in %.2fs; holding them for %ds...%n",
                ok.get(), failed.get(), secs, hold.toSeconds());
        Channels.sleep(hold);
        hangUp.close();
        closed.await();
        System.out.println("all hung up");
        return failed.get() == 0 ? 0 : 1;
    }
}
