package io.tuplespace.benchmarks;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fixed number of encoded tuples or templates, one per {@link SampleTuples#MAX_ENCODED_LENGTH}-byte slot of one
 * off-heap buffer (as a server reads requests from Aeron's off-heap term buffers). Encoded before a measurement so
 * that the measured code only calls the engine.
 */
final class EncodedMessages
{
    final UnsafeBuffer buffer;
    private final int[] lengths;

    EncodedMessages(final int count)
    {
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            count * SampleTuples.MAX_ENCODED_LENGTH, SampleTuples.MAX_ENCODED_LENGTH));
        lengths = new int[count];
    }

    int count()
    {
        return lengths.length;
    }

    int offset(final int index)
    {
        return index * SampleTuples.MAX_ENCODED_LENGTH;
    }

    int length(final int index)
    {
        return lengths[index];
    }

    void length(final int index, final int length)
    {
        lengths[index] = length;
    }
}
