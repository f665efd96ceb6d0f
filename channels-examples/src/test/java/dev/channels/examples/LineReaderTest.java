package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** A stream that returns at most {@code chunk} bytes per read, as a socket may. */
    private static InputStream trickle(String s, int chunk) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void splitsLinesDropsLineEndsAndKeepsALastLineWithoutOne() throws IOException {
        String longName = "é".repeat(700); // 1,400 bytes: longer than the buffer, with 2-byte characters
        for (int chunk : new int[] {1, 3, 512, 10_000}) {
            LineReader r = new LineReader(trickle("Bob\r\nAnn\n\n" + longName + "\nlast", chunk));
            assertEquals("Bob", r.readLine());
            assertEquals("Ann", r.readLine());
            assertEquals("", r.readLine());
            assertEquals(longName, r.readLine());
            assertEquals("last", r.readLine());
            assertNull(r.readLine());
        }
    }
}
