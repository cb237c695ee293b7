package org.roofsweep.jobs.write;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.api.Binary;

/**
 * A growable little-endian byte buffer for one page, with the encodings pages are made of: PLAIN values, varints,
 * bit-packed groups of eight (parquet's {@code BytePacker}) and the RLE / bit-packed hybrid of levels and dictionary
 * ids. One per task, reused for every page.
 */
final class PageSink {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);
    private byte[] bytes = new byte[1 << 16];
    private int size;

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    void truncate(int to) {
        size = to;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void littleEndian(long v, int width) {
        ensure(8);
        switch (width) {
            case 8 -> LONGS.set(bytes, size, v);
            case 4 -> INTS.set(bytes, size, (int) v);
            default -> {
                for (int j = 0; j < width; j++) {
                    bytes[size + j] = (byte) (v >>> (8 * j));
                }
            }
        }
        size += width;
    }

    /**
     * The values of {@code bits[0, n)} whose {@code isNull} flag is false, PLAIN: little-endian, {@code width} 8
     * (longs, doubles' bits) or 4 (ints) bytes each; the buffer grown once for the page.
     */
    void plainValues(long[] bits, boolean[] isNull, int n, int width) {
        ensure(width * n);
        int at = size;
        if (width == 8) {
            for (int i = 0; i < n; i++) {
                if (!isNull[i]) {
                    LONGS.set(bytes, at, bits[i]);
                    at += 8;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                if (!isNull[i]) {
                    INTS.set(bytes, at, (int) bits[i]);
                    at += 4;
                }
            }
        }
        size = at;
    }

    void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    int reserveInt() {
        ensure(4);
        size += 4;
        return size - 4;
    }

    void patchInt(int at, int v) {
        for (int j = 0; j < 4; j++) {
            bytes[at + j] = (byte) (v >>> (8 * j));
        }
    }

    void plainBinary(Binary b) {
        littleEndian(b.length(), 4);
        ensure(b.length());
        System.arraycopy(b.getBytesUnsafe(), 0, bytes, size, b.length());
        size += b.length();
    }

    /** Bit-packs {@code v[0, m)} (m rounded up to a multiple of 8; zeros past m) LSB first. */
    void bitPacked(int[] v, int m, int width) {
        bitPacked(v, 0, (m + 7) / 8 * 8, width);
    }

    void bitPacked(int[] v, int from, int count, int width) {
        BytePacker packer = Packer.LITTLE_ENDIAN.newBytePacker(width);
        ensure(count / 8 * width);
        for (int j = from; j < from + count; j += 8) {
            packer.pack8Values(v, j, bytes, size);
            size += width;
        }
    }

    private static int runLength(int[] v, int from, int n) {
        int x = v[from];
        int i = from + 1;
        while (i < n && v[i] == x) {
            i++;
        }
        return i - from;
    }

    /** One RLE run of the hybrid: {@code count} times {@code value}, a value of {@code width} bits. */
    void rleRun(int count, int value, int width) {
        varint((long) count << 1);
        littleEndian(value, (width + 7) / 8);
    }

    /**
     * Parquet's RLE / bit-packed hybrid of {@code v[0, n)} at {@code width} bits: runs of 8 or more equal values (and
     * a run that ends the data) as RLE runs, the rest in bit-packed groups of 8; {@code v} holds zeros past n.
     */
    void hybrid(int[] v, int n, int width) {
        int i = 0;
        while (i < n) {
            int run = runLength(v, i, n);
            if (run >= 8 || i + run == n) {
                rleRun(run, v[i], width);
                i += run;
                continue;
            }
            int start = i;
            do {
                i += 8;
                if (i >= n) {
                    break;
                }
                run = runLength(v, i, n);
            } while (run < 8 && i + run < n);
            int groups = (Math.min(i, n) - start + 7) / 8;
            varint(((long) groups << 1) | 1);
            bitPacked(v, start, groups * 8, width);
            i = Math.min(i, n);
        }
    }

    /** A copy of the bytes written (for a page the writer keeps, such as a dictionary page). */
    byte[] copy() {
        return Arrays.copyOf(bytes, size);
    }

    /** The bytes written, not copied: valid until the next {@link #reset}. */
    BytesInput input() {
        return BytesInput.from(bytes, 0, size);
    }
}
