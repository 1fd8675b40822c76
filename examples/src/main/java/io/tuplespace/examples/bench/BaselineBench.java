package io.tuplespace.examples.bench;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.SpinFirstIdleStrategy;
import io.tuplespace.core.CommonConfiguration;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The ping side of the raw Aeron baseline, run in the bench process against a {@code bench-pong} JVM. It connects
 * the way a tuple space client does (its own Aeron client with a conductor thread, an exclusive IPC publication
 * of the configured term length) and waits for answers the way a client thread does (spinning for
 * {@code tuplespace.client.response.spin}, then polling with the configured idle strategy). Not thread-safe: one
 * thread drives it.
 */
final class BaselineBench implements AutoCloseable, FragmentHandler
{
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long REPLY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int FRAGMENT_LIMIT = 16;

    private final Aeron aeron;
    private final ExclusivePublication pings;
    private final Subscription pongs;
    private final IdleStrategy idleStrategy;
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(PingPongProtocol.MESSAGE_LENGTH));
    private boolean replied;
    private int replyType;
    private long replyValue;

    private BaselineBench(final Aeron aeron, final int termLength, final IdleStrategy idleStrategy)
    {
        this.aeron = aeron;
        this.idleStrategy = idleStrategy;
        this.pings = aeron.addExclusivePublication(
            new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA).termLength(termLength).build(),
            PingPongProtocol.PING_STREAM_ID);
        this.pongs = aeron.addSubscription(CommonConfiguration.IPC_CHANNEL, PingPongProtocol.PONG_STREAM_ID);
    }

    /**
     * Connect to the pong's media driver and wait until both directions are connected.
     *
     * @param dir              the pong's Aeron directory.
     * @param termLength       IPC term length of the ping publication.
     * @param idleStrategyName idle strategy used while waiting for a reply or on back-pressure.
     * @return the connected ping side.
     * @throws IllegalStateException if the pong does not connect within 10 s.
     */
    static BaselineBench connect(final String dir, final int termLength, final String idleStrategyName)
    {
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir).clientName("bench-ping"));
        try
        {
            final BaselineBench bench = new BaselineBench(aeron, termLength, new SpinFirstIdleStrategy(
                ClientContext.responseSpinNsProperty(), CommonConfiguration.idleStrategy(idleStrategyName)));
            bench.awaitConnected();
            return bench;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(aeron);
            throw ex;
        }
    }

    /**
     * Round trips of one message at a time.
     *
     * @param warmup  round trips first, not recorded.
     * @param samples round trips recorded.
     * @return round-trip times in nanoseconds.
     */
    Histogram pingPong(final int warmup, final int samples)
    {
        final Histogram histogram = new Histogram(3);
        message.setMemory(0, PingPongProtocol.MESSAGE_LENGTH, (byte)0);
        message.putInt(PingPongProtocol.TYPE_OFFSET, PingPongProtocol.TYPE_PING);
        for (int i = 0; i < warmup; i++)
        {
            roundTrip(i);
        }
        for (int i = 0; i < samples; i++)
        {
            histogram.recordValue(roundTrip(warmup + i));
        }
        return histogram;
    }

    /**
     * One-way pipelined throughput: offer as fast as back-pressure allows, then ask the pong how many it counted.
     *
     * @param messages how many to send.
     * @return messages per second, from the first offer to the pong's count arriving.
     * @throws IllegalStateException if the pong counted a different number.
     */
    double throughput(final long messages)
    {
        message.setMemory(0, PingPongProtocol.MESSAGE_LENGTH, (byte)0);
        message.putInt(PingPongProtocol.TYPE_OFFSET, PingPongProtocol.TYPE_COUNT);
        final long startNs = System.nanoTime();
        for (long i = 0; i < messages; i++)
        {
            message.putLong(PingPongProtocol.VALUE_OFFSET, i);
            send();
        }
        message.putInt(PingPongProtocol.TYPE_OFFSET, PingPongProtocol.TYPE_COUNT_END);
        send();
        awaitReply();
        final long elapsedNs = System.nanoTime() - startNs;
        if (PingPongProtocol.TYPE_COUNT_END != replyType || messages != replyValue)
        {
            throw new IllegalStateException("pong counted " + replyValue + " of " + messages + " messages");
        }
        return messages * 1e9 / elapsedNs;
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        replied = true;
        replyType = buffer.getInt(offset + PingPongProtocol.TYPE_OFFSET);
        replyValue = buffer.getLong(offset + PingPongProtocol.VALUE_OFFSET);
    }

    public void close()
    {
        CloseHelper.closeAll(pings, pongs, aeron);
    }

    private long roundTrip(final long sequence)
    {
        message.putLong(PingPongProtocol.VALUE_OFFSET, sequence);
        final long startNs = System.nanoTime();
        send();
        awaitReply();
        final long rttNs = System.nanoTime() - startNs;
        if (PingPongProtocol.TYPE_PING != replyType || sequence != replyValue)
        {
            throw new IllegalStateException("pong answered " + replyValue + " to ping " + sequence);
        }
        return rttNs;
    }

    private void send()
    {
        idleStrategy.reset();
        long result;
        while ((result = pings.offer(message, 0, PingPongProtocol.MESSAGE_LENGTH)) < 0)
        {
            if (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result)
            {
                throw new IllegalStateException("ping publication: " + Publication.errorString(result));
            }
            idleStrategy.idle();
        }
    }

    private void awaitReply()
    {
        replied = false;
        idleStrategy.reset();
        final long deadlineNs = System.nanoTime() + REPLY_TIMEOUT_NS;
        while (!replied)
        {
            final int fragments = pongs.poll(this, FRAGMENT_LIMIT);
            if (0 == fragments && System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("no answer from the pong for " +
                    TimeUnit.NANOSECONDS.toSeconds(REPLY_TIMEOUT_NS) + " s");
            }
            idleStrategy.idle(fragments);
        }
    }

    private void awaitConnected()
    {
        final long deadlineNs = System.nanoTime() + CONNECT_TIMEOUT_NS;
        while (!pings.isConnected() || !pongs.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the pong did not connect within " +
                    TimeUnit.NANOSECONDS.toSeconds(CONNECT_TIMEOUT_NS) + " s");
            }
            try
            {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting to the pong", ex);
            }
        }
    }
}
