package io.tuplespace.core;

import io.tuplespace.codecs.FieldType;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.TupleDecoder;
import org.agrona.DirectBuffer;

/**
 * Finds the segment references ({@link SharedBytes} fields) in an encoded tuple without decoding it or allocating.
 * Reused across tuples; not thread-safe.
 */
public final class SegmentReferences
{
    private static final int ENTRY_LENGTH = TupleDecoder.FieldsDecoder.sbeBlockLength();
    private static final int VALUE_HEADER_LENGTH = TupleDecoder.FieldsDecoder.valueHeaderLength();
    private static final int GROUP_HEADER_LENGTH = TupleDecoder.FieldsDecoder.sbeHeaderSize();

    private final FieldsView view = new FieldsView();
    private final long[] segmentIds = new long[Fields.MAX_FIELDS];
    private int count;

    /**
     * Scan a tuple that was validated already: one the engine stored or delivers.
     *
     * @return the number of references found, read with {@link #segmentId(int)}.
     */
    public int scanValid(final DirectBuffer buffer, final int offset)
    {
        view.wrapStoredTuple(buffer, offset);
        return collect();
    }

    /**
     * Scan a tuple that has not been validated yet, such as one in an out request.
     *
     * @return the number of references found; 0 for an invalid encoding, which the engine rejects with a reason.
     */
    public int scan(final DirectBuffer buffer, final int offset, final int length)
    {
        count = 0;
        if (!mayHaveReferences(buffer, offset, length))
        {
            return 0;
        }
        return null == view.wrapTuple(buffer, offset, length) ? collect() : 0;
    }

    /**
     * A cheap first look, so that the common tuple without references is not validated twice: walks the fields
     * within bounds, and answers true for a reference or for anything it cannot walk.
     */
    private static boolean mayHaveReferences(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + GROUP_HEADER_LENGTH)
        {
            return true;
        }
        int position = offset + MessageHeaderDecoder.ENCODED_LENGTH +
            (buffer.getShort(offset, TupleDecoder.BYTE_ORDER) & 0xFFFF);
        if (position + GROUP_HEADER_LENGTH > end)
        {
            return true;
        }
        final int entryLength = buffer.getShort(position, TupleDecoder.BYTE_ORDER) & 0xFFFF;
        final int entries = buffer.getShort(position + 2, TupleDecoder.BYTE_ORDER) & 0xFFFF;
        position += GROUP_HEADER_LENGTH;
        for (int i = 0; i < entries; i++)
        {
            if (entryLength < ENTRY_LENGTH || position + entryLength + VALUE_HEADER_LENGTH > end)
            {
                return true;
            }
            if (FieldType.BYTES.value() == (buffer.getByte(position) & 0xFF) &&
                SharedBytes.MARKER == buffer.getLong(position + 1, TupleDecoder.BYTE_ORDER))
            {
                return true;
            }
            position += entryLength;
            final int valueLength = buffer.getInt(position, TupleDecoder.BYTE_ORDER);
            if (valueLength < 0 || valueLength > end - position - VALUE_HEADER_LENGTH)
            {
                return true;
            }
            position += VALUE_HEADER_LENGTH + valueLength;
        }
        return false;
    }

    /**
     * @param index 0 until the count of the last scan.
     * @return the segment id of that reference.
     */
    public long segmentId(final int index)
    {
        return segmentIds[index];
    }

    private int collect()
    {
        count = 0;
        for (int i = 0, fields = view.count(); i < fields; i++)
        {
            if (isReference(i))
            {
                segmentIds[count++] = SharedBytes.segmentIdAt(view.buffer(), view.valueOffset(i));
            }
        }
        return count;
    }

    private boolean isReference(final int index)
    {
        return FieldType.BYTES == view.type(index) && SharedBytes.MARKER == view.numeric(index);
    }
}
