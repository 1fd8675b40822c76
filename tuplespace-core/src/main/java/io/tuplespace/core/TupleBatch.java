package io.tuplespace.core;

import org.agrona.DirectBuffer;

/**
 * Several encoded tuples handed over at once: the tuples of a bulk take for {@link ResponseListener#onTuples},
 * or of a batch out for {@link TupleSpaceEngine#outBatch}. Valid only during the call it is passed to.
 */
public interface TupleBatch
{
    /**
     * @return the number of tuples.
     */
    int count();

    /**
     * @param index of the tuple, 0 to count - 1.
     * @return the buffer holding it.
     */
    DirectBuffer buffer(int index);

    /**
     * @param index of the tuple.
     * @return the offset of its encoding in {@link #buffer(int)}.
     */
    int offset(int index);

    /**
     * @param index of the tuple.
     * @return the length of its encoding.
     */
    int length(int index);

    /**
     * @return for a page of a read walk, the position to continue after; 0 otherwise.
     */
    default long cursor()
    {
        return 0;
    }
}
