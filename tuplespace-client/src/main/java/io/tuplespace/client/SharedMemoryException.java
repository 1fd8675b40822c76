package io.tuplespace.client;

import io.tuplespace.core.TupleSpaceException;

/**
 * A payload could not be put in shared memory: the segment file could not be created or written.
 */
public class SharedMemoryException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    public SharedMemoryException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
