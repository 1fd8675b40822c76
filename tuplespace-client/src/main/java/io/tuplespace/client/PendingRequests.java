package io.tuplespace.client;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The requests awaiting a response, by correlation id: a primitive-keyed map under a lock, so registering and
 * completing a request boxes nothing. Callers register; whichever thread polls responses removes.
 */
final class PendingRequests
{
    private final Long2ObjectHashMap<PendingRequest> byCorrelationId = new Long2ObjectHashMap<>();

    synchronized void put(final PendingRequest request)
    {
        byCorrelationId.put(request.correlationId, request);
    }

    synchronized PendingRequest remove(final long correlationId)
    {
        return byCorrelationId.remove(correlationId);
    }
}
