package io.tuplespace.core;

import org.agrona.ExpandableArrayBuffer;

/**
 * Tuples encoded into a batch for {@link TupleSpaceEngine#outBatch}.
 */
final class Batches
{
    private Batches()
    {
    }

    static StagedTuples batch(final Tuple... tuples)
    {
        final TupleCodec codec = new TupleCodec();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final StagedTuples staged = new StagedTuples();
        for (final Tuple tuple : tuples)
        {
            staged.add(buffer, 0, codec.encode(tuple, buffer, 0));
        }
        return staged;
    }
}
