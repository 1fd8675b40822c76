package io.tuplespace.client;

import io.tuplespace.core.TupleSpaceException;

/**
 * No tuple space server could be reached: no media driver in the Aeron directory, or no server subscribed to it.
 */
public final class ServerNotRunningException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    public ServerNotRunningException(final String message)
    {
        super(message);
    }

    public ServerNotRunningException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
