package io.tuplespace.benchmarks;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fixed number of encoded tuples or templates, one per fixed-size slot ({@link SampleTuples#MAX_ENCODED_LENGTH}
 * bytes unless told) of one off-heap buffer, as a server reads requests from Aeron's off-heap term buffers.
 * Encoded before a measurement so that the measured code only calls the engine.
 */
final class EncodedMessages
{
    final UnsafeBuffer buffer;
    private final int[] lengths;
    private final int slotLength;

    EncodedMessages(final int count)
    {
        this(count, SampleTuples.MAX_ENCODED_LENGTH);
    }

    /**
     * @param slotLength bytes per message, a power of two.
     */
    EncodedMessages(final int count, final int slotLength)
    {
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(count * slotLength, slotLength));
        lengths = new int[count];
        this.slotLength = slotLength;
    }

    int count()
    {
        return lengths.length;
    }

    int offset(final int index)
    {
        return index * slotLength;
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
