package io.tuplespace.core;

import org.agrona.DirectBuffer;

/**
 * Told when a tuple record enters or leaves the engine's storage, whatever the reason: stored by an out, held by
 * a transaction, put back after a failed delivery; removed by a take, a lease expiry or cancel, a commit or an
 * abort. A tuple handed straight from an out to a waiting taker is never stored and is not reported. The server
 * uses it to keep shared-memory segments alive exactly while a stored tuple refers to them.
 * <p>
 * Called on the engine's thread, inside the engine call; the buffer is only valid during the call.
 */
public interface StoredTupleListener
{
    /**
     * A tuple record was stored.
     */
    void onStored(DirectBuffer buffer, int offset, int length);

    /**
     * A tuple record was removed.
     */
    void onRemoved(DirectBuffer buffer, int offset, int length);
}
