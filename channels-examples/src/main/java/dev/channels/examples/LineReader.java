package dev.channels.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a socket with a small buffer, and refuses a line longer than a limit
 * without holding more of it than the limit. {@code BufferedReader} over an
 * {@code InputStreamReader} holds about 24 KB per connection (an 8 KB byte buffer and an 8K-char
 * buffer), which is most of what an idle connection costs; a server holding ten thousand of them
 * should not pay that. Go's {@code bufio.Reader} defaults to 4 KB; this uses 512 bytes. Bytes
 * that are not UTF-8 are decoded as U+FFFD.
 */
final class LineReader {
    private static final int BUFFER = 512;
    private final InputStream in;
    private final int maxLine;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int end;

    /** A line over the limit: the reader has read at most the limit of it, plus one buffer. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int limit) {
            super("line longer than " + limit + " bytes");
        }
    }

    /** A reader with no limit on the length of a line. */
    LineReader(InputStream in) {
        this(in, Integer.MAX_VALUE);
    }

    /** A reader whose {@link #readLine} throws {@link LineTooLongException} past {@code maxLine} bytes. */
    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
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
                        checkLength(i - start);
                        return decode(buf, start, i);
                    }
                    checkLength(longLine.size() + i - start);
                    longLine.write(buf, start, i - start);
                    return decode(longLine.toByteArray(), longLine.size());
                }
            }
            if (longLine == null) {
                longLine = new ByteArrayOutputStream();
            }
            checkLength(longLine.size() + end - pos);
            longLine.write(buf, pos, end - pos);
            pos = end;
        }
    }

    private void checkLength(int length) throws LineTooLongException {
        if (length > maxLine) {
            throw new LineTooLongException(maxLine);
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
