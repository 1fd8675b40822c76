package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.Limit;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.DirectBuffer;

/**
 * Where {@link TupleSpaceEngine} sends its results. The server implements it by publishing responses to the
 * session's client; tests implement it by recording.
 * <p>
 * Called on the engine's thread, during the engine call that produced the result. Buffers passed in are only
 * valid for the duration of the call.
 */
public interface ResponseListener
{
    /**
     * An out was accepted: the tuple is stored or was handed to a waiting taker.
     */
    void onOutAccepted(long sessionId, long correlationId);

    /**
     * A lease was granted (to a leased out), renewed or cancelled.
     *
     * @param leaseId   names the lease in later renew and cancel requests.
     * @param grantedMs -1 never expires, 0 cancelled, otherwise how long from now it lasts.
     */
    void onLease(long sessionId, long correlationId, long leaseId, long grantedMs);

    /**
     * A transaction was begun or renewed ({@code grantedMs} -1 never expires, above 0 from now), or committed or
     * aborted ({@code grantedMs} 0).
     */
    void onTransaction(long sessionId, long correlationId, long transactionId, long grantedMs);

    /**
     * An event registration was made or renewed ({@code grantedMs} -1 never expires, above 0 from now), or
     * cancelled (0).
     */
    void onRegistration(long sessionId, long correlationId, long registrationId, long grantedMs);

    /**
     * A tuple matched a registration. Unsolicited: it answers no request. A failed delivery is not retried.
     *
     * @param sequenceNumber 1, 2, 3... per registration.
     */
    void onEvent(long sessionId, long registrationId, long sequenceNumber, DirectBuffer tuple, int offset, int length);

    /**
     * Deliver a matching tuple.
     *
     * @return true if it was delivered; false if the session cannot take it (gone, or unable to receive), in
     * which case the engine keeps the tuple in the space and drops the request.
     */
    boolean onTuple(long sessionId, long correlationId, DirectBuffer tuple, int offset, int length);

    /**
     * Deliver the tuples of a bulk take (a request for more than one tuple), oldest first.
     *
     * @return true if they were delivered; false if the session cannot take them, in which case the engine puts
     * them back in the space.
     */
    boolean onTuples(long sessionId, long correlationId, TupleBatch tuples);

    /**
     * A match request ended without a tuple.
     */
    void onNoMatch(long sessionId, long correlationId, NoMatchReason reason);

    /**
     * A request was rejected; nothing changed in the space.
     */
    void onError(long sessionId, long correlationId, ErrorCode code, String message);

    /**
     * A request was refused because it would cross a limit; nothing changed in the space. By default this is
     * reported as {@link ErrorCode#LIMIT_EXCEEDED} through {@link #onError}; the server overrides it to tell the
     * client which limit and its value.
     *
     * @param limit the limit the request would cross.
     * @param value the limit's value.
     */
    default void onLimitExceeded(
        final long sessionId, final long correlationId, final Limit limit, final long value, final String message)
    {
        onError(sessionId, correlationId, ErrorCode.LIMIT_EXCEEDED, message);
    }
}
