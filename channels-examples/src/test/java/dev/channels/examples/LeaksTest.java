package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LeaksTest {

    @Test
    void theUnbufferedVersionLeaksOneGoroutineAndTheBufferedOneNone() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = Leaks.run(Duration.ofMillis(50), Duration.ofMillis(200), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        assertTrue(out.contains("leaky() returned: cancelled"), out);
        assertTrue(out.contains("goroutines still alive once it tried to send: 1"), out);
        assertTrue(out.contains("goroutines still alive once it sent: 0"), out);
        assertTrue(out.contains("NullPointerException"), out);
        assertTrue(out.contains("select returned \"timed out\""), out);
        assertTrue(out.contains("5. Inside a Synctest bubble"), out);
        assertTrue(out.contains("all goroutines are asleep - deadlock!"), out);
        assertTrue(out.contains("[select (no cases)"), "the nil-channel select: " + out);
        assertTrue(out.contains("[chan send"), "the leaked send: " + out);
        assertTrue(out.contains("the bubble ended with no goroutine left blocked"), "the fix: " + out);
    }

    @Test
    void whenTheWorkIsQuickerThanTheTimeoutTheResultArrives() throws Exception {
        assertEquals("hello", Leaks.leaky(Duration.ofSeconds(5), Duration.ZERO, 0));
    }
}
