package io.tuplespace.client;

import io.tuplespace.core.TupleSpaceException;

/**
 * The transaction has ended: committed, aborted, or aborted by the server when its lease ran out or its client
 * went away.
 */
public final class UnknownTransactionException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    public UnknownTransactionException(final String message)
    {
        super(message);
    }
}
