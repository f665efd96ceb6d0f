package dev.channels.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a socket with a small buffer. {@code BufferedReader} over an
 * {@code InputStreamReader} holds about 24 KB per connection (an 8 KB byte buffer and an 8K-char
 * buffer), which is most of what an idle connection costs; a server holding ten thousand of them
 * should not pay that. Go's {@code bufio.Reader} defaults to 4 KB; this uses 512 bytes.
 */
final class LineReader {
    private static final int BUFFER = 512;
    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int end;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its {@code \n} (or {@code \r\n}), or null at the end of the stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream longLine = null;
        for (;;) {
            if (pos == end) {
                int n = in.read(buf, 0, BUFFER);
                if (n < 0) {
                    return longLine == null || longLine.size() == 0 ? null : decode(longLine.toByteArray(), longLine.size());
                }
                pos = 0;
                end = n;
            }
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    int start = pos;
                    pos = i + 1;
                    if (longLine == null) {
                        return decode(buf, start, i);
                    }
                    longLine.write(buf, start, i - start);
                    return decode(longLine.toByteArray(), longLine.size());
                }
            }
            if (longLine == null) {
                longLine = new ByteArrayOutputStream();
            }
            longLine.write(buf, pos, end - pos);
            pos = end;
        }
    }

    private static String decode(byte[] bytes, int length) {
        return decode(bytes, 0, length);
    }

    private static String decode(byte[] bytes, int from, int to) {
        if (to > from && bytes[to - 1] == '\r') {
            to--;
        }
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
