package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AdderTest {

    private static List<String> runCheck(int n, String op) throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int failures = Adder.check(n, Adder.OPS.get(op), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(0, failures);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void everyReplyIsCorrectAndCheckedInReverseOrder() throws Exception {
        List<String> lines = runCheck(100, "add");
        assertEquals(100, lines.size());
        assertEquals("Request 99 is ok!", lines.get(0));
        assertEquals("Request 0 is ok!", lines.get(99));
    }

    @Test
    void everyOperationWorksWithManyRequests() throws Exception {
        for (String op : Adder.OPS.keySet()) {
            assertEquals(10_000, runCheck(10_000, op).size(), op);
        }
    }

    @Test
    void serverEndsWhenItsRequestChannelIsClosed() throws Exception {
        dev.channels.Channel<Adder.Request> service = dev.channels.Channel.unbuffered();
        Thread server = Thread.ofVirtual().start(() -> Adder.server((a, b) -> a + b, service));
        dev.channels.Channel<Integer> reply = dev.channels.Channel.unbuffered();
        service.send(new Adder.Request(2, 3, reply));
        assertEquals(5, reply.receive());
        service.close();
        assertTrue(server.join(java.time.Duration.ofSeconds(5)), "server did not end after close");
    }

    @Test
    void mainRejectsBadOptionsWithUsageError() throws Exception {
        assertEquals(2, Main.run(new String[] {"adder", "--op", "pow"}));
        assertEquals(2, Main.run(new String[] {"adder", "-n", "x"}));
        assertEquals(2, Main.run(new String[] {"adder", "--bogus"}));
        assertEquals(2, Main.run(new String[] {"nosuch"}));
        assertEquals(0, Main.run(new String[] {"--help"}));
        assertEquals(0, Main.run(new String[] {"adder", "--help"}));
        assertEquals(0, Main.run(new String[] {"adder", "-n", "5"}));
    }
}
