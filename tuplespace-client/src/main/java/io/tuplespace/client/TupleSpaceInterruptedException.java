package io.tuplespace.client;

import io.tuplespace.core.TupleSpaceException;

/**
 * A blocking request was cancelled because its thread was interrupted; the thread's interrupt flag is set again.
 */
public final class TupleSpaceInterruptedException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    public TupleSpaceInterruptedException(final String message)
    {
        super(message);
    }

    public TupleSpaceInterruptedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
