package io.tuplespace.core;

import io.tuplespace.codecs.FieldType;
import org.agrona.DirectBuffer;

/**
 * Finds the segment references ({@link SharedBytes} fields) in an encoded tuple without decoding it or allocating.
 * Reused across tuples; not thread-safe.
 */
public final class SegmentReferences
{
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
        return null == view.wrapTuple(buffer, offset, length) ? collect() : 0;
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
