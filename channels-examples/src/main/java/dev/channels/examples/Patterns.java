package dev.channels.examples;

import dev.channels.CancelableContext;
import dev.channels.Channel;
import dev.channels.Channels;
import dev.channels.Context;
import dev.channels.ReceiveChannel;
import dev.channels.Select;
import dev.channels.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 002, "Applications of Goroutines &amp; Channels in Go": the request-level patterns (a
 * result from a goroutine, a WaitGroup over a known number of goroutines, a stream of words of
 * unknown length, a request under a deadline) and the server-level token cache
 * ({@link TokenCache}).
 */
final class Patterns {
    static final String HELP = """
            usage: ./examples patterns [--deadline 1s] [--work 2s] [--failures 2]

              --deadline D   the request-level deadline of part 4 (default 1s)
              --work D       how long the slow operation under that deadline takes (default 2s)
              --failures N   how many times in a row the token refresh fails, then throws, in part 5
                             before it works (default 2; the cache gives up at 3)
            """;

    private Patterns() {
    }

    static int main(Args args) throws Exception {
        Duration deadline = Args.duration(args.option("--deadline", "1s"));
        Duration work = Args.duration(args.option("--work", "2s"));
        int failures = args.intOption("--failures", 2);
        args.requireNoneLeft();
        return run(deadline, work, failures, System.out);
    }

    static int run(Duration deadline, Duration work, int failures, PrintStream out) throws Exception {
        out.println("1. A goroutine that sends its result back on a channel:");
        out.println("   " + asyncResult());

        out.println("2. A WaitGroup over two goroutines, answers in a channel of two:");
        out.println("   " + waitGroupOfTwo());

        out.println("3. A stream of words of unknown length, each handled by its own goroutine:");
        List<String> words = wordStream("the quick brown fox jumped over the lazy dog".split(" "));
        out.println("   " + String.join(" ", words) + "   (every word once; the order is the goroutines')");

        out.printf("4. A request under a %s deadline, for an operation that takes %s:%n", deadline.toMillis() + "ms", work.toMillis() + "ms");
        out.println("   " + underDeadline(deadline, work));

        out.println("5. A token cache refreshing itself in the background:");
        return tokenCacheDemo(failures, out);
    }

    /** The text's first example: spawn, then wait for the one result. */
    static String asyncResult() throws InterruptedException {
        Channel<String> ch = Channel.buffered(1);
        Channels.go(() -> {
            Channels.sleep(Duration.ofMillis(100));
            ch.send("done after 100ms");
        });
        return ch.receive();
    }

    /** A WaitGroup of two; the channel has room for both answers, so neither goroutine waits. */
    static String waitGroupOfTwo() throws InterruptedException {
        Channel<String> ch = Channel.buffered(2);
        WaitGroup wg = new WaitGroup();
        wg.add(2);
        for (String name : List.of("first", "second")) {
            Channels.go(() -> {
                try {
                    ch.send(name + " finished");
                } finally {
                    wg.done();
                }
            });
        }
        wg.await();
        ch.close();
        List<String> answers = new ArrayList<>();
        for (String a : ch) {
            answers.add(a);
        }
        answers.sort(null);
        return String.join(", ", answers);
    }

    /**
     * The text's dynamic example, step by step: a small buffer; for each word, wg.Add(1) and a
     * goroutine that sends it; a separate goroutine printing until the channel is closed; wait;
     * close the word channel; the printer closes done; wait for done.
     *
     * <p>The text's bug (every goroutine printing "dog") has no Java twin: a lambda may capture
     * only effectively final variables, and the variable of an enhanced {@code for} is a new one
     * in each iteration, so each goroutine holds its own word. (Go 1.22 made its loop variables
     * per-iteration too, for the same reason.)
     */
    static List<String> wordStream(String[] stream) throws InterruptedException {
        Channel<String> wordCh = Channel.buffered(2);
        Channel<Void> done = Channel.unbuffered();
        List<String> printed = new ArrayList<>();
        WaitGroup wg = new WaitGroup();
        for (String word : stream) {
            wg.add(1);
            Channels.go(() -> {
                try {
                    wordCh.send(word);
                } finally {
                    wg.done();
                }
            });
        }
        Channels.go(() -> {
            for (String w : wordCh) {   // until closed
                printed.add(w);
            }
            done.close();
        });
        wg.await();
        wordCh.close();
        done.receiveOk();              // <-done: closing happens-before this returns
        return printed;
    }

    /**
     * The text's deadline example: fork the background context with a deadline, race the work.
     *
     * <p>When the deadline passes, the request and the work both see {@code ctx.Done()}. If the
     * work's answer "operation stopped early" is already in the buffer by the time the request's
     * select looks, both of the request's cases are ready and select picks one at random, as Go's
     * does; so either "request abandoned" or "operation stopped early" may come back, both ending
     * in the context's error.
     */
    static String underDeadline(Duration deadline, Duration work) throws InterruptedException {
        try (CancelableContext ctx = Context.withTimeout(Context.background(), deadline)) {
            Channel<String> result = Channel.buffered(1); // room for the late answer: no leak
            Channels.go(() -> {
                boolean gaveUp = Select.select(ctx.onDone(() -> true), Select.timeoutCase(work, () -> false));
                result.send(gaveUp ? "operation stopped early: " + ctx.err() : "operation finished");
            });
            return Select.select(
                    result.onReceive(r -> r),
                    ctx.onDone(() -> "request abandoned: " + ctx.err()));
        }
    }

    private static int tokenCacheDemo(int failures, PrintStream out) throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        TokenCache.Refresher refresher = ctx -> {
            int n = calls.incrementAndGet();
            if (n <= failures) {
                throw new IllegalStateException("identity provider unavailable (call " + n + ")");
            }
            return "token-" + n;
        };
        TokenCache cache = new TokenCache(refresher, Duration.ofMillis(200), Duration.ofMillis(50), 3, indented(out));
        try (CancelableContext server = Context.withCancel(Context.background())) {
            Thread process = cache.start(server);
            for (int i = 0; i < 3; i++) {
                try (CancelableContext request = Context.withTimeout(server, Duration.ofSeconds(2))) {
                    ReceiveChannel<TokenCache.Response> future = cache.getToken(request);
                    TokenCache.Response r = future.receive();
                    out.println("   request " + (i + 1) + " got " + (r.error() == null ? r.token() : "an error: " + r.error()));
                }
                Channels.sleep(Duration.ofMillis(150));
            }
            String reason = cache.failed().tryReceive();
            if (reason != null) {
                out.println("   the cache gave up: " + reason);
                return 1;
            }
            server.cancel(); // shutdown: the process ends, later requests fail at once
            process.join();
            TokenCache.Response after = cache.getToken(Context.background()).receive();
            out.println("   after shutdown: " + after.error());
            return 0;
        }
    }

    private static PrintStream indented(PrintStream out) {
        return new PrintStream(new java.io.OutputStream() {
            private boolean lineStart = true;

            @Override
            public void write(int b) {
                if (lineStart) {
                    out.print("   ");
                }
                out.write(b);
                lineStart = b == '\n';
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
