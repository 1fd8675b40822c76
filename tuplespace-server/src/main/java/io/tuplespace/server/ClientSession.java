package io.tuplespace.server;

import io.aeron.ExclusivePublication;

/**
 * What the server knows of one connected client: its request image's session id, the exclusive publication it
 * answers on, and whether the handshake has happened.
 */
final class ClientSession
{
    static final long NO_AERON_CLIENT = Long.MIN_VALUE;

    final int sessionId;
    final long publicationRegistrationId;
    ExclusivePublication publication;
    final ResponseBacklog backlog = new ResponseBacklog();
    /** Whether the session is on the list of backlogs drained every duty cycle. */
    boolean isBacklogListed;
    boolean isHandshakeDone;
    boolean isFailed;
    /**
     * The client's process is gone (its Aeron client's heartbeat went, or its response subscription did): what it
     * sent last still counts, nothing can be answered.
     */
    boolean isClientGone;
    long aeronClientId = NO_AERON_CLIENT;
    long stuckCheckPosition = Long.MIN_VALUE;
    long stuckSinceMs;
    private boolean hasBeenConnected;
    String clientName = "";
    long processId;

    ClientSession(final int sessionId, final long publicationRegistrationId)
    {
        this.sessionId = sessionId;
        this.publicationRegistrationId = publicationRegistrationId;
    }

    /**
     * @param maxResponseLength the longest response a request can produce.
     * @return true if a response of that length can be published now without back-pressure, and no earlier message
     * waits in the backlog.
     */
    boolean canRespond(final int maxResponseLength)
    {
        if (null == publication || !publication.isConnected())
        {
            return false;
        }
        hasBeenConnected = true;
        return backlog.isEmpty() && publication.availableWindow() >= maxResponseLength;
    }

    /**
     * @return true if the client's response subscription has gone (closed, or the driver timed the client out):
     * nothing sent to it can arrive any more. A publication that has not been connected yet is not a sign of that:
     * the driver tells the server its publication is ready before it links the client's subscription to it.
     */
    boolean isGone()
    {
        if (null == publication)
        {
            return false;
        }
        if (publication.isConnected())
        {
            hasBeenConnected = true;
            return false;
        }
        return hasBeenConnected;
    }

    public String toString()
    {
        return "session " + sessionId + " (" + clientName + ", pid " + processId + ")";
    }
}
