package io.tuplespace.examples.bench;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The pong side of the baseline: the same shape as the tuple space server's agent (the Aeron client conductor
 * folded in through an invoker, one subscription polled with the server's fragment limit, answers on an exclusive
 * publication), doing nothing but echoing pings and counting throughput messages.
 */
final class PongAgent implements Agent, FragmentHandler
{
    private final AgentInvoker aeronInvoker;
    private final Subscription pings;
    private final ExclusivePublication pongs;
    private final IdleStrategy backPressureIdle;
    private final int fragmentLimit;
    private final UnsafeBuffer reply = new UnsafeBuffer(ByteBuffer.allocateDirect(PingPongProtocol.MESSAGE_LENGTH));
    private long count;

    PongAgent(
        final AgentInvoker aeronInvoker,
        final Subscription pings,
        final ExclusivePublication pongs,
        final IdleStrategy backPressureIdle,
        final int fragmentLimit)
    {
        this.aeronInvoker = aeronInvoker;
        this.pings = pings;
        this.pongs = pongs;
        this.backPressureIdle = backPressureIdle;
        this.fragmentLimit = fragmentLimit;
    }

    public int doWork()
    {
        return aeronInvoker.invoke() + pings.poll(this, fragmentLimit);
    }

    public String roleName()
    {
        return "bench-pong";
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int type = buffer.getInt(offset + PingPongProtocol.TYPE_OFFSET);
        if (PingPongProtocol.TYPE_COUNT == type)
        {
            count++;
        }
        else if (PingPongProtocol.TYPE_PING == type)
        {
            send(buffer, offset, length);
        }
        else if (PingPongProtocol.TYPE_COUNT_END == type)
        {
            reply.putBytes(0, buffer, offset, length);
            reply.putLong(PingPongProtocol.VALUE_OFFSET, count);
            count = 0;
            send(reply, 0, length);
        }
    }

    private void send(final DirectBuffer buffer, final int offset, final int length)
    {
        offer(pongs, buffer, offset, length, backPressureIdle);
    }

    /**
     * Offer until the publication takes the message, idling on back-pressure.
     *
     * @throws AgentTerminationException if the subscriber has gone: nothing left to answer.
     */
    static void offer(
        final ExclusivePublication publication,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final IdleStrategy backPressureIdle)
    {
        backPressureIdle.reset();
        long result;
        while ((result = publication.offer(buffer, offset, length)) < 0)
        {
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result ||
                Publication.NOT_CONNECTED == result)
            {
                throw new AgentTerminationException("publication on stream " + publication.streamId() + ": " +
                    Publication.errorString(result));
            }
            backPressureIdle.idle();
        }
    }
}
