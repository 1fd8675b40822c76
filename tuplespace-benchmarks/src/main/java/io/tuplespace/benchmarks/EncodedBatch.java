package io.tuplespace.benchmarks;

import io.tuplespace.core.TupleBatch;
import org.agrona.DirectBuffer;

/**
 * All the tuples of an {@link EncodedMessages} as one batch, for {@code TupleSpaceEngine.outBatch}.
 */
final class EncodedBatch implements TupleBatch
{
    private final EncodedMessages messages;

    EncodedBatch(final EncodedMessages messages)
    {
        this.messages = messages;
    }

    public int count()
    {
        return messages.count();
    }

    public DirectBuffer buffer(final int index)
    {
        return messages.buffer;
    }

    public int offset(final int index)
    {
        return messages.offset(index);
    }

    public int length(final int index)
    {
        return messages.length(index);
    }
}
