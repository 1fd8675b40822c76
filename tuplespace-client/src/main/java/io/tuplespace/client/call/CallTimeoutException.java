package io.tuplespace.client.call;

/**
 * No result came within the call's timeout: no worker serves the function, all were busy, or the handler ran too
 * long. The call's tuple expires with its lease, so no worker starts it afterwards; one already running finishes
 * and its result expires unread.
 */
public final class CallTimeoutException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    CallTimeoutException(final String message)
    {
        super(message);
    }
}
