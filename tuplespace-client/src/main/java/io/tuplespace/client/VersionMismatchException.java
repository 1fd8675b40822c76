package io.tuplespace.client;

import io.tuplespace.core.TupleSpaceException;

/**
 * The server speaks another version of the protocol than this client.
 */
public final class VersionMismatchException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    public VersionMismatchException(final String message)
    {
        super(message);
    }

    public VersionMismatchException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
