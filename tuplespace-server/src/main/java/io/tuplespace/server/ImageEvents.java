package io.tuplespace.server;

import org.agrona.collections.LongArrayList;

/**
 * Request images coming and going, queued from Aeron's callbacks and handled later on the duty cycle, where Aeron
 * allows adding and closing publications.
 * <p>
 * Handling an event can queue more: closing a session's response publication waits for the driver, and while it
 * waits the Aeron client conductor runs and delivers the next image events. Those are handled in the same drain;
 * dropping them lost the session of a client that connected just then, whose handshake was never answered.
 */
final class ImageEvents
{
    interface Handler
    {
        void onImageAvailable(int sessionId);

        void onImageUnavailable(int sessionId);
    }

    private static final long SESSION_ID_MASK = 0xFFFF_FFFFL;
    private static final long AVAILABLE = 1L << 32;

    private final LongArrayList events = new LongArrayList();

    void available(final int sessionId)
    {
        events.addLong(AVAILABLE | (sessionId & SESSION_ID_MASK));
    }

    void unavailable(final int sessionId)
    {
        events.addLong(sessionId & SESSION_ID_MASK);
    }

    /**
     * Handle every queued event in order, including those queued while handling them.
     *
     * @return the events handled.
     */
    int drain(final Handler handler)
    {
        int handled = 0;
        for (; handled < events.size(); handled++)
        {
            final long event = events.getLong(handled);
            final int sessionId = (int)(event & SESSION_ID_MASK);
            if (0 != (event & AVAILABLE))
            {
                handler.onImageAvailable(sessionId);
            }
            else
            {
                handler.onImageUnavailable(sessionId);
            }
        }
        events.clear();
        return handled;
    }
}
