package io.tuplespace.client;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.core.TupleSpaceException;

/**
 * The server rejected a request; {@link #code()} says why in a word, the message in a sentence.
 */
public final class ServerErrorException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ServerErrorException(final ErrorCode code, final String message)
    {
        super(code + ": " + message);
        this.code = code;
    }

    /**
     * @return the error code the server sent.
     */
    public ErrorCode code()
    {
        return code;
    }
}
