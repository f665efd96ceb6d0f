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

    /** A 64 MiB line is refused after reading at most the limit and one buffer of it. */
    @Test
    void aLineOverTheLimitIsRefusedWithoutReadingItAll() throws IOException {
        long[] read = {0};
        InputStream endless = new InputStream() {
            private long left = 64L << 20;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                read[0] += n;
                return n;
            }
        };
        LineReader r = new LineReader(endless, 8192);
        org.junit.jupiter.api.Assertions.assertThrows(LineReader.LineTooLongException.class, r::readLine);
        org.junit.jupiter.api.Assertions.assertTrue(read[0] <= 8192 + 512, "read " + read[0] + " bytes of it");
        LineReader ok = new LineReader(trickle("x".repeat(8192) + "\nnext\n", 100), 8192);
        assertEquals(8192, ok.readLine().length(), "a line of exactly the limit is fine");
        assertEquals("next", ok.readLine());
    }
}
