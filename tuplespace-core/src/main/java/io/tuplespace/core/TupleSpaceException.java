package io.tuplespace.core;

/**
 * Base of every exception the tuple space raises. Unchecked, so that calls read like local calls.
 */
public class TupleSpaceException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public TupleSpaceException(final String message)
    {
        super(message);
    }

    public TupleSpaceException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
