package org.roofsweep.core.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes the bytes of a config or measurement file as UTF-8, with or without a byte-order mark. A file in another
 * encoding is an error that names it: UTF-16 and UTF-32 by their byte-order marks, anything else by the offset of the
 * first byte that is not UTF-8 (a Latin-1 "é" is 0xE9), never Java's bare "Input length = 1".
 */
public final class TextFiles {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TextFiles() {
    }

    /** The text of {@code bytes}, read from {@code file}; a leading UTF-8 byte-order mark is dropped. */
    public static String utf8(String file, byte[] bytes) {
        String other = byteOrderMark(bytes);
        if (other != null) {
            throw new ConfigException(file + ": the file is " + other + " text; save it as UTF-8");
        }
        int start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            // on malformed input the buffer stops at the first byte of the bad sequence
            int bad = in.position();
            throw new ConfigException(String.format(Locale.ROOT, "%s: not UTF-8 text: byte 0x%02X at offset %d (line "
                    + "%d) is not valid UTF-8 (a Latin-1 or Windows-1252 file?); save it as UTF-8", file,
                    bytes[bad] & 0xFF, bad, lineOf(bytes, bad)));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The encoding a UTF-16 or UTF-32 byte-order mark declares, or null. */
    private static String byteOrderMark(byte[] b) {
        if (startsWith(b, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0})) {
            return "UTF-32 (little-endian)";
        }
        if (startsWith(b, new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF})) {
            return "UTF-32 (big-endian)";
        }
        if (startsWith(b, new byte[] {(byte) 0xFF, (byte) 0xFE})) {
            return "UTF-16 (little-endian)";
        }
        if (startsWith(b, new byte[] {(byte) 0xFE, (byte) 0xFF})) {
            return "UTF-16 (big-endian)";
        }
        return null;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
