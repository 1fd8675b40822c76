package io.tuplespace.server;

import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.core.TupleBatch;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;

/**
 * The tuples of an OutBatchRequest's group, located and bounds-checked in the request's own buffer, so the engine
 * reads them in place.
 */
final class BatchView implements TupleBatch
{
    private static final int GROUP_HEADER_LENGTH = 4;
    private static final int VAR_DATA_HEADER_LENGTH = 4;

    private final IntArrayList offsets = new IntArrayList();
    private final IntArrayList lengths = new IntArrayList();
    private DirectBuffer buffer;

    /**
     * Locate the tuples of a group that starts at {@code offset} and must end by {@code end}.
     *
     * @return null if the group is well formed, else what is wrong with it.
     */
    String wrap(final DirectBuffer buffer, final int offset, final int end)
    {
        this.buffer = buffer;
        offsets.clear();
        lengths.clear();
        if (offset + GROUP_HEADER_LENGTH > end)
        {
            return "no room for the group header";
        }
        final int entryBlockLength = buffer.getShort(offset, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int count = buffer.getShort(offset + 2, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        int position = offset + GROUP_HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            position += entryBlockLength;
            if (position + VAR_DATA_HEADER_LENGTH > end)
            {
                return "tuple " + i + " of " + count + " runs past the end";
            }
            final long length = buffer.getInt(position, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF_FFFFL;
            position += VAR_DATA_HEADER_LENGTH;
            if (position + length > end)
            {
                return "tuple " + i + " of " + count + " runs past the end";
            }
            offsets.addInt(position);
            lengths.addInt((int)length);
            position += (int)length;
        }
        return position == end ? null : (end - position) + " trailing bytes after the last tuple";
    }

    public int count()
    {
        return offsets.size();
    }

    public DirectBuffer buffer(final int index)
    {
        return buffer;
    }

    public int offset(final int index)
    {
        return offsets.getInt(index);
    }

    public int length(final int index)
    {
        return lengths.getInt(index);
    }
}
