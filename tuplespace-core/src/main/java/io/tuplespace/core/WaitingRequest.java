package io.tuplespace.core;

import io.tuplespace.codecs.MatchOperation;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A blocking in or rd that found no match and waits for an out, with its own copy of the template.
 */
final class WaitingRequest extends FifoList.Node<WaitingRequest>
{
    static final long NO_TIMER = -1;

    final long sessionId;
    final long correlationId;
    final MatchOperation operation;
    final UnsafeBuffer template;
    final int arity;
    long timerId = NO_TIMER;

    WaitingRequest(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final byte[] template,
        final int arity)
    {
        this.sessionId = sessionId;
        this.correlationId = correlationId;
        this.operation = operation;
        this.template = new UnsafeBuffer(template);
        this.arity = arity;
    }
}
