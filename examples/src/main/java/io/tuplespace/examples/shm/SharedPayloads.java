package io.tuplespace.examples.shm;

import io.tuplespace.core.Formal;
import io.tuplespace.core.SharedBytes;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The tuples of the shared-memory peer and bench: a job carrying a payload (inline or shared) and whether to read
 * all of it, and the acknowledgement with a checksum of what was read.
 */
public final class SharedPayloads
{
    /** ("shm-job", id, payload, read all?); an id below 0 stops the peer. */
    public static final Template JOB = Template.of("shm-job", Formal.LONG, Formal.BYTES, Formal.BOOLEAN);
    /** ("shm", id, payload): what {@code shm-peer --publish} puts in the space. */
    public static final Template PUBLISHED = Template.of("shm", Formal.LONG, Formal.BYTES);

    private SharedPayloads()
    {
    }

    public static Tuple job(final long id, final Object payload, final boolean isReadAll)
    {
        return Tuple.of("shm-job", id, payload, isReadAll);
    }

    public static Template done(final long id)
    {
        return Template.of("shm-done", id, Formal.LONG);
    }

    public static Tuple done(final long id, final long checksum)
    {
        return Tuple.of("shm-done", id, checksum);
    }

    /**
     * @return a deterministic payload, so another process can check it by its checksum.
     */
    public static byte[] pattern(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + 7);
        }
        return bytes;
    }

    /**
     * @return a checksum of every byte of a payload field, read in place if it is shared.
     */
    public static long checksum(final Tuple tuple, final int index)
    {
        if (tuple.isShared(index))
        {
            final SharedBytes shared = tuple.getShared(index);
            return checksum(shared.buffer(), shared.length());
        }
        final byte[] bytes = tuple.getBytes(index);
        return checksum(new UnsafeBuffer(bytes), bytes.length);
    }

    /**
     * @return a checksum of every byte: a sum of the little-endian longs, then of the remaining bytes.
     */
    public static long checksum(final DirectBuffer buffer, final int length)
    {
        long sum = 0;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            sum += buffer.getLong(i);
        }
        for (; i < length; i++)
        {
            sum += buffer.getByte(i);
        }
        return sum;
    }
}
