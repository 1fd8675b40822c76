package io.tuplespace.client;

import io.tuplespace.core.TupleSpaceException;

/**
 * The lease names no tuple any more: it was taken, its lease expired, or the lease was cancelled.
 */
public final class UnknownLeaseException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    public UnknownLeaseException(final String message)
    {
        super(message);
    }
}
