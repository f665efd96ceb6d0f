package dev.channels.examples;

import dev.channels.CancelableContext;
import dev.channels.Channel;
import dev.channels.Channels;
import dev.channels.Context;
import dev.channels.DeadlockException;
import dev.channels.Goroutine;
import dev.channels.Select;
import dev.channels.SelectCase;
import dev.channels.Synctest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Seed 004, its last part: goroutines that leak, the buffered channel that fixes the leak, and
 * nil channels; then both again inside a {@link Synctest} bubble, where the library reports the
 * deadlock and the leak as Go does.
 *
 * <p>Go counts live goroutines with {@code runtime.NumGoroutine()}; the JVM has no count of
 * virtual threads, so this program counts the goroutines it started itself that are still alive.
 */
final class Leaks {
    static final String HELP = """
            usage: ./examples leaks [--timeout 300ms] [--work 1s]

              --timeout D   how long leaky() waits before it gives up (the text: 3s)
              --work D      how long its goroutine works before sending (the text: 10s)

            Shows a goroutine leaked by an unbuffered channel nobody receives from, the
            one-element buffer that fixes it, and what Java does where Go has nil channels;
            then both in a Synctest bubble (fake time), where the deadlock and the leak are
            reported as Go reports them.
            """;

    private Leaks() {
    }

    /** The goroutines this program started, to count the live ones. */
    private static final List<Thread> STARTED = new CopyOnWriteArrayList<>();

    private static void go(Goroutine body) {
        STARTED.add(Channels.go(body));
    }

    static long liveGoroutines() {
        return STARTED.stream().filter(Thread::isAlive).count();
    }

    static int main(Args args) throws Exception {
        Duration timeout = Args.duration(args.option("--timeout", "300ms"));
        Duration work = Args.duration(args.option("--work", "1s"));
        args.requireNoneLeft();
        return run(timeout, work, System.out);
    }

    static int run(Duration timeout, Duration work, PrintStream out) throws Exception {
        out.println("1. A goroutine blocked receiving from a channel nobody sends to or closes:");
        long before = liveGoroutines();
        blockedForever();
        Channels.sleep(Duration.ofMillis(50));
        out.printf("   live goroutines before: %d, after leaky(): %d  <- leaked%n", before, liveGoroutines());

        out.printf("%n2. leaky() gives up after %s; its goroutine sends after %s on an unbuffered channel:%n",
                format(timeout), format(work));
        before = liveGoroutines();
        out.println("   leaky() returned: " + leaky(timeout, work, 0));
        Channels.sleep(work.plus(Duration.ofMillis(200))); // the goroutine has tried to send by now
        long leaked = liveGoroutines() - before;
        out.printf("   goroutines still alive once it tried to send: %d  <- blocked forever on the send%n", leaked);

        out.printf("%n3. The same with make(chan string, 1):%n");
        before = liveGoroutines();
        out.println("   fixed() returned: " + leaky(timeout, work, 1));
        Channels.sleep(work.plus(Duration.ofMillis(200)));
        long fixedLeaked = liveGoroutines() - before;
        out.printf("   goroutines still alive once it sent: %d  <- the send went into the buffer; it ended%n", fixedLeaked);

        out.printf("%n4. Nil channels:%n");
        nilChannels(out);

        out.printf("%n5. Inside a Synctest bubble (fake time): Go's nil-channel deadlock, detected:%n");
        boolean deadlockFound = report(out, () -> {
            SelectCase<String> nilChannel = null;  // var ch chan string; <-ch
            Select.select(nilChannel);              // never ready, nothing else can run
        });

        out.printf("%n6. The text's leaky() in a bubble, with the text's own 3s and 10s, in no time:%n");
        boolean leakFound = report(out, () -> out.println("   leaky() returned: "
                + leaky(Duration.ofSeconds(3), Duration.ofSeconds(10), 0)));
        boolean fixedClean = report(out, () -> out.println("   fixed() returned: "
                + leaky(Duration.ofSeconds(3), Duration.ofSeconds(10), 1)));
        return leaked == 1 && fixedLeaked == 0 && deadlockFound && leakFound && !fixedClean ? 0 : 1;
    }

    /** Runs {@code body} in a bubble; prints and returns whether it ended in a deadlock. */
    private static boolean report(PrintStream out, Goroutine body) throws Exception {
        try {
            Synctest.run(body);
            out.println("   the bubble ended with no goroutine left blocked");
            return false;
        } catch (DeadlockException e) {
            out.println("   " + e.getMessage().strip().replace("\n", "\n   ").replaceAll(" +\n", "\n"));
            return true;
        }
    }

    /** The text's first leaky(): a receive that nothing will ever satisfy. */
    private static void blockedForever() {
        Channel<String> ch = Channel.unbuffered();
        go(() -> {
            String str = ch.receive(); // blocks forever: nobody sends, nobody closes
            System.out.println(str);
        });
    }

    /**
     * The text's second leaky(): gives up after {@code timeout}, before its goroutine sends
     * after {@code work}. With {@code capacity} 0 the send then blocks forever; with 1 it lands
     * in the buffer and the goroutine ends.
     */
    static String leaky(Duration timeout, Duration work, int capacity) throws InterruptedException {
        Channel<String> ch = Channel.buffered(capacity);
        try (CancelableContext ctx = Context.withTimeout(Context.background(), timeout)) { // defer cancel()
            go(() -> {
                Channels.sleep(work);               // time.Sleep: fake inside a bubble
                ch.send("hello");
            });
            return Select.select(
                    ctx.onDone(() -> "cancelled"),
                    ch.onReceive(result -> result));
        }
    }

    private static void nilChannels(PrintStream out) throws InterruptedException {
        out.println("   Go: `var ch chan string; ch <- \"hello\"` blocks forever, and with every goroutine");
        out.println("   asleep the runtime stops the program: \"fatal error: all goroutines are asleep - deadlock!\".");
        Channel<String> ch = null;
        try {
            ch.send("hello");
        } catch (NullPointerException e) {
            out.println("   Java: a channel variable that was never made is null, and a send on it throws");
            out.println("   NullPointerException at once, naming the variable: " + e.getMessage());
        }
        SelectCase<String> nilCase = null; // as in Go, a nil channel's case is never ready
        String r = Select.select(nilCase, Select.timeoutCase(Duration.ofMillis(50), () -> "timed out"));
        out.println("   In a select a null case is Go's nil channel, never ready: select returned \"" + r + "\".");
        out.println("   Outside a bubble the JVM has no deadlock detector for virtual threads: a goroutine blocked");
        out.println("   forever stays parked (jcmd <pid> Thread.dump_to_file shows it, parked on its channel, and");
        out.println("   dev.channels.Diagnostics.dump() lists it with -Ddev.channels.diagnostics=true) while the");
        out.println("   program goes on. Inside a Synctest bubble the library detects it, as parts 5 and 6 show.");
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
