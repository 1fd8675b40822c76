package io.tuplespace.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A bytes field whose content lives in a shared-memory segment (a memory-mapped file beside the Aeron directory)
 * instead of inside the tuple: the tuple carries a 16-byte reference, every receiver maps the same pages.
 * <p>
 * On the wire it is a {@code BYTES} field whose {@code numeric} is {@link #MARKER} and whose value is
 * {@link #REFERENCE_LENGTH} bytes; inline bytes always have {@code numeric} 0, so the two cannot be confused.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------------------------------------+
 *  |                 segment id (int64, little endian)           |
 *  |        high 32 bits: writer's session id, low: its counter  |
 *  +-------------------------------------------------------------+
 *  |                 payload length (int64, little endian)       |
 *  +-------------------------------------------------------------+
 * </pre>
 * Equality is by segment (id and length), not by content. A template field holding a {@code SharedBytes} matches
 * that segment only; {@link Formal#BYTES} matches inline and shared bytes alike.
 * <p>
 * The view is read-only and stays valid for as long as this object is reachable, whatever happens to the tuple
 * afterwards (a mapping outlives the file's deletion on Linux). Immutable and thread-safe.
 */
public final class SharedBytes
{
    /** {@code numeric} of a bytes field that is a segment reference: "TSSEGREF" in ASCII. */
    public static final long MARKER = 0x4645_5247_4553_5354L;
    /** Length of the reference a tuple carries in place of the bytes. */
    public static final int REFERENCE_LENGTH = 16;
    /** Largest payload of one segment: a view is addressed with int offsets. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private final long segmentId;
    private final int length;
    private final ByteBuffer mapping;
    private final DirectBuffer buffer;
    private final String unavailableReason;

    private SharedBytes(
        final long segmentId, final int length, final ByteBuffer mapping, final String unavailableReason)
    {
        this.segmentId = segmentId;
        this.length = length;
        this.mapping = mapping;
        this.buffer = null == mapping ? null : new UnsafeBuffer(mapping, 0, length);
        this.unavailableReason = unavailableReason;
    }

    /**
     * A reference whose segment is mapped: for clients that created or opened the segment file.
     *
     * @param segmentId names the segment.
     * @param length    of the payload.
     * @param mapping   the segment's mapped bytes, at least {@code length} long; kept reachable by this object.
     * @return the shared bytes.
     */
    public static SharedBytes mapped(final long segmentId, final int length, final ByteBuffer mapping)
    {
        if (length < 0 || length > mapping.capacity())
        {
            throw new IllegalArgumentException("length " + length + " outside the mapping of " + mapping.capacity());
        }
        return new SharedBytes(segmentId, length, mapping, null);
    }

    /**
     * A reference whose segment cannot be read: every access to the content throws
     * {@link SegmentUnavailableException} with the reason.
     */
    public static SharedBytes unavailable(final long segmentId, final int length, final String reason)
    {
        return new SharedBytes(segmentId, length, null, reason);
    }

    /**
     * @return the segment's id: the writer's session id in the high 32 bits, its counter in the low 32.
     */
    public long segmentId()
    {
        return segmentId;
    }

    /**
     * @return the payload length in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return true if the content can be read.
     */
    public boolean isAvailable()
    {
        return null != buffer;
    }

    /**
     * The content in place, copied from nowhere. Read-only: do not cast it to a mutable buffer, the pages may be
     * mapped read-only.
     *
     * @return a view of {@link #length()} bytes.
     * @throws SegmentUnavailableException if the segment could not be mapped (it was gone), saying why.
     */
    public DirectBuffer buffer()
    {
        checkAvailable();
        return buffer;
    }

    /**
     * @return a read-only little-endian {@link ByteBuffer} over the content, position 0, limit {@link #length()}.
     * @throws SegmentUnavailableException if the segment could not be mapped.
     */
    public ByteBuffer byteBuffer()
    {
        checkAvailable();
        return mapping.asReadOnlyBuffer().position(0).limit(length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return a copy of the content.
     * @throws SegmentUnavailableException if the segment could not be mapped.
     */
    public byte[] toByteArray()
    {
        checkAvailable();
        final byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        return copy;
    }

    /**
     * Write the 16-byte reference.
     */
    void encodeReference(final MutableDirectBuffer target, final int offset)
    {
        target.putLong(offset, segmentId, ByteOrder.LITTLE_ENDIAN);
        target.putLong(offset + Long.BYTES, length, ByteOrder.LITTLE_ENDIAN);
    }

    byte[] reference()
    {
        final UnsafeBuffer reference = new UnsafeBuffer(new byte[REFERENCE_LENGTH]);
        encodeReference(reference, 0);
        return reference.byteArray();
    }

    /**
     * @return the segment id of a reference.
     */
    static long segmentIdAt(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the payload length of a reference.
     */
    static long lengthAt(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
    }

    private void checkAvailable()
    {
        if (null == buffer)
        {
            throw new SegmentUnavailableException(unavailableReason);
        }
    }

    public boolean equals(final Object o)
    {
        return o instanceof SharedBytes && ((SharedBytes)o).segmentId == segmentId &&
            ((SharedBytes)o).length == length;
    }

    public int hashCode()
    {
        return Long.hashCode(segmentId) * 31 + length;
    }

    public String toString()
    {
        return "shared[" + length + "]@" + Long.toHexString(segmentId);
    }
}
