package io.tuplespace.core;

import io.tuplespace.codecs.MatchOperation;
import org.agrona.ExpandableArrayBuffer;

/**
 * A blocking in or rd that found no match and waits for an out, with its own copy of the template. Instances are
 * pooled and reused, so waiting allocates nothing in steady state.
 */
final class WaitingRequest extends FifoList.Node<WaitingRequest>
{
    static final long NO_TIMER = -1;

    final ExpandableArrayBuffer template = new ExpandableArrayBuffer(128);
    final SessionLink sessionLink = new SessionLink(this);
    long sessionId;
    long correlationId;
    long transactionId;
    MatchOperation operation;
    int maxTuples;
    long sequence;
    long timerId = NO_TIMER;
    /** JavaSpaces readIfExists/takeIfExists: waits only while a match is held by a transaction. */
    boolean isIfExists;
    /** The list of the index the request is in. */
    WaiterList list;

    /**
     * The request's place in its session's list, so a session's requests are found without a scan.
     */
    static final class SessionLink extends FifoList.Node<SessionLink>
    {
        final WaitingRequest request;

        SessionLink(final WaitingRequest request)
        {
            this.request = request;
        }
    }

    /**
     * A FIFO list of waiting requests with a count of the reads among them, so a walk for takers can stop early
     * when no read needs to see the tuple.
     */
    static final class WaiterList
    {
        final FifoList<WaitingRequest> requests = new FifoList<>();
        long key;
        int reads;
    }
}
