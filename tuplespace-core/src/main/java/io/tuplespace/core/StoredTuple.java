package io.tuplespace.core;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A tuple held by the space, in the exact encoded form its producer sent.
 */
final class StoredTuple extends FifoList.Node<StoredTuple>
{
    final UnsafeBuffer encoded;

    StoredTuple(final byte[] encoded)
    {
        this.encoded = new UnsafeBuffer(encoded);
    }
}
