package io.tuplespace.examples.bench;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.tuplespace.core.CommonConfiguration;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A raw Aeron IPC ping-pong played by one thread, the CPU floor under a round trip: offer a 64-byte ping, poll it
 * and offer it back as the pong, poll the pong. Its own Aeron client, on a driver already running. Not thread-safe.
 */
final class SingleThreadPingPong implements AutoCloseable
{
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final Aeron aeron;
    private final ExclusivePublication pings;
    private final ExclusivePublication pongs;
    private final Subscription pingSubscription;
    private final Subscription pongSubscription;
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(PingPongProtocol.MESSAGE_LENGTH));
    private final FragmentHandler echo;
    private final FragmentHandler landed;
    private long lastValue;

    /**
     * @param dir        the Aeron directory of a running driver.
     * @param termLength of both publications, as the tuple space's.
     */
    SingleThreadPingPong(final String dir, final int termLength)
    {
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir).clientName("bench-cpu ping-pong"));
        try
        {
            final String channel = new ChannelUriStringBuilder()
                .media(CommonContext.IPC_MEDIA).termLength(termLength).build();
            pings = aeron.addExclusivePublication(channel, PingPongProtocol.PING_STREAM_ID);
            pongs = aeron.addExclusivePublication(channel, PingPongProtocol.PONG_STREAM_ID);
            pingSubscription = aeron.addSubscription(CommonConfiguration.IPC_CHANNEL, PingPongProtocol.PING_STREAM_ID);
            pongSubscription = aeron.addSubscription(CommonConfiguration.IPC_CHANNEL, PingPongProtocol.PONG_STREAM_ID);
            echo = (buffer, offset, length, header) -> offer(pongs, buffer, offset, length);
            landed = (buffer, offset, length, header) ->
                lastValue = buffer.getLong(offset + PingPongProtocol.VALUE_OFFSET);
            final long deadlineNs = System.nanoTime() + CONNECT_TIMEOUT_NS;
            while (!pings.isConnected() || !pongs.isConnected())
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("the ping-pong's publications did not connect within 10 s");
                }
                Thread.onSpinWait();
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(aeron);
            throw ex;
        }
    }

    /**
     * Play round trips, each checked.
     *
     * @return nanoseconds per round trip.
     */
    double roundTrips(final int count)
    {
        message.setMemory(0, PingPongProtocol.MESSAGE_LENGTH, (byte)0);
        final long startNs = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            message.putLong(PingPongProtocol.VALUE_OFFSET, i);
            offer(pings, message, 0, PingPongProtocol.MESSAGE_LENGTH);
            while (0 == pingSubscription.poll(echo, 1))
            {
                Thread.onSpinWait();
            }
            while (0 == pongSubscription.poll(landed, 1))
            {
                Thread.onSpinWait();
            }
            if (lastValue != i)
            {
                throw new IllegalStateException("pong " + lastValue + " answered ping " + i);
            }
        }
        return (System.nanoTime() - startNs) / (double)count;
    }

    public void close()
    {
        CloseHelper.close(aeron);
    }

    private static void offer(
        final ExclusivePublication publication, final DirectBuffer buffer, final int offset, final int length)
    {
        long result;
        while ((result = publication.offer(buffer, offset, length)) < 0)
        {
            // Back-pressure lasts until the driver's next duty cycle moves the publication's limit.
            if (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result)
            {
                throw new IllegalStateException("ping-pong offer failed: " + Publication.errorString(result));
            }
            Thread.onSpinWait();
        }
    }
}
