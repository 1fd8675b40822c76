package io.tuplespace.client;

import io.tuplespace.core.TupleSpaceException;

/**
 * The client was closed, or the server went away, before or while a request ran.
 */
public final class TupleSpaceClosedException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    public TupleSpaceClosedException(final String message)
    {
        super(message);
    }

    public TupleSpaceClosedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
