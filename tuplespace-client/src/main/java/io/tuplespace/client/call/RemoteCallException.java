package io.tuplespace.client.call;

/**
 * A handler threw on the worker: carries the remote exception's class name, message and stack trace as text (the
 * exception itself stays in the worker's process, whose classes the caller may not have).
 */
public final class RemoteCallException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String remoteType;
    private final String remoteMessage;
    private final String remoteStackTrace;

    RemoteCallException(
        final String functionName, final String remoteType, final String remoteMessage, final String remoteStackTrace)
    {
        super("call of '" + functionName + "' failed on the worker: " + remoteType +
            (null == remoteMessage ? "" : ": " + remoteMessage));
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace;
    }

    /**
     * @return the class name of the exception the handler threw.
     */
    public String remoteType()
    {
        return remoteType;
    }

    /**
     * @return its message, or null if it had none.
     */
    public String remoteMessage()
    {
        return remoteMessage;
    }

    /**
     * @return its stack trace as printed on the worker, causes included.
     */
    public String remoteStackTrace()
    {
        return remoteStackTrace;
    }
}
