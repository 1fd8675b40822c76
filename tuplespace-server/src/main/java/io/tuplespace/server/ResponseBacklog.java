package io.tuplespace.server;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Messages a session's publication could not take at once (responses and events), kept in order and sent as its
 * client catches up, so a burst larger than the client's response window (a commit handing tuples to several of
 * its waiting takes, a burst of events) delays messages instead of losing them or the session. Bounded: a client
 * that falls further behind than {@link #MAX_BYTES} is treated as failed.
 */
final class ResponseBacklog
{
    static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final int LENGTH_PREFIX = Integer.BYTES;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private int head;
    private int tail;

    boolean isEmpty()
    {
        return head == tail;
    }

    /**
     * @return false if keeping the message would exceed {@link #MAX_BYTES}.
     */
    boolean add(final DirectBuffer message, final int offset, final int length)
    {
        if (tail - head + LENGTH_PREFIX + length > MAX_BYTES)
        {
            return false;
        }
        buffer.putInt(tail, length);
        buffer.putBytes(tail + LENGTH_PREFIX, message, offset, length);
        tail += LENGTH_PREFIX + length;
        return true;
    }

    /**
     * Send what the publication takes now, oldest first.
     *
     * @return messages sent, or -1 if the publication is gone.
     */
    int drain(final ExclusivePublication publication)
    {
        int sent = 0;
        while (head < tail)
        {
            final int length = buffer.getInt(head);
            final long result = publication.offer(buffer, head + LENGTH_PREFIX, length);
            if (result < 0)
            {
                compact();
                return Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result ? sent : -1;
            }
            head += LENGTH_PREFIX + length;
            sent++;
        }
        head = 0;
        tail = 0;
        return sent;
    }

    /**
     * Move what is left to the front once most of the buffer has been sent, so a backlog that drains while it
     * fills stays within its bound.
     */
    private void compact()
    {
        if (head > tail - head)
        {
            buffer.putBytes(0, buffer, head, tail - head);
            tail -= head;
            head = 0;
        }
    }
}
