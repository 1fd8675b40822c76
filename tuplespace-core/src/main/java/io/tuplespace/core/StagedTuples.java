package io.tuplespace.core;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;

/**
 * Copies of tuples gathered for one response, in a reused buffer.
 */
final class StagedTuples implements TupleBatch
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private int[] offsets = new int[64];
    private int[] lengths = new int[64];
    private int count;
    private int bytes;

    private long cursor;

    void clear()
    {
        count = 0;
        bytes = 0;
        cursor = 0;
    }

    void cursor(final long cursor)
    {
        this.cursor = cursor;
    }

    public long cursor()
    {
        return cursor;
    }

    void add(final DirectBuffer source, final int offset, final int length)
    {
        if (count == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        buffer.putBytes(bytes, source, offset, length);
        offsets[count] = bytes;
        lengths[count] = length;
        bytes += length;
        count++;
    }

    int bytes()
    {
        return bytes;
    }

    public int count()
    {
        return count;
    }

    public DirectBuffer buffer(final int index)
    {
        return buffer;
    }

    public int offset(final int index)
    {
        return offsets[index];
    }

    public int length(final int index)
    {
        return lengths[index];
    }
}
