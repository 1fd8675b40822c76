package io.tuplespace.server;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import io.aeron.protocol.DataHeaderFlyweight;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.ErrorResponseDecoder;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's decode-and-dispatch path with nothing in front of it: a {@link RequestAdapter} over a real
 * {@link TupleSpaceEngine} and real {@link ClientSessions}, fed frames directly as if they had arrived from one
 * connected client. Responses go out on a real IPC publication and are read back, so a test sees exactly what the
 * client would. The media driver only sets the publication up; no request passes through it, which keeps a fed
 * frame to a few microseconds.
 * <p>
 * {@link #reset()} starts each input from the same state: a fresh engine holding two stored tuples, and a session
 * that has done its handshake.
 */
final class DecodeHarness implements AutoCloseable
{
    static final int SESSION_ID = 4242;
    static final int TERM_LENGTH = 64 * 1024;
    private static final long NOW_MS = 1_000_000;

    private final String dir = CommonContext.generateRandomDirName();
    // Jazzer pauses between inputs (instrumenting classes, loading the corpus) can outlast Aeron's default
    // liveness timeout, and the client conductor only runs while inputs are fed.
    private final ServerContext ctx = new ServerContext().dir(dir).termLength(TERM_LENGTH)
        .clientLivenessTimeoutNs(TimeUnit.MINUTES.toNanos(10))
        .errorHandler(DecodeHarness::onServerError);
    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker conductor;
    private final TupleSpaceCounters counters;
    private final ClientSessions sessions;
    private final SegmentStore segments;
    private final ClientSession session;
    private final Subscription responses;
    private final Header header = new Header(0, 0);
    private final FragmentHandler responseHandler = this::onResponse;
    private final MessageHeaderDecoder responseHeader = new MessageHeaderDecoder();
    private final ErrorResponseDecoder errorDecoder = new ErrorResponseDecoder();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
    private TupleSpaceEngine engine;
    private RequestAdapter adapter;
    private int responseCount;
    private int errorCount;
    private ErrorCode lastErrorCode;
    private String lastErrorMessage;

    DecodeHarness()
    {
        driver = MediaDriver.launch(TupleSpaceServer.driverContext(ctx.deleteDirOnStart(true).conclude()));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir).useConductorAgentInvoker(true));
        conductor = aeron.conductorAgentInvoker();
        counters = new TupleSpaceCounters(aeron);
        sessions = new ClientSessions(aeron, ctx, new ResponsePublisher(), counters);
        segments = new SegmentStore(SegmentStore.dirFor(dir), ctx.errorHandler());
        sessions.segments(segments);
        responses = aeron.addSubscription(new ChannelUriStringBuilder()
            .media(CommonContext.IPC_MEDIA).sessionId(SESSION_ID).build(), ctx.responseStreamId());
        sessions.onRequestImageAvailable(SESSION_ID);
        session = sessions.get(SESSION_ID);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (null == session.publication || !session.publication.isConnected() ||
            null == responses.imageBySessionId(SESSION_ID))
        {
            assertThat(System.nanoTime() - deadlineNs).as("response publication never connected").isNegative();
            conductor.invoke();
            sessions.doWork();
        }
        final UnsafeBuffer frameHeader = new UnsafeBuffer(new byte[DataHeaderFlyweight.HEADER_LENGTH]);
        new DataHeaderFlyweight(frameHeader).sessionId(SESSION_ID);
        header.buffer(frameHeader);
        header.offset(0);
        reset();
    }

    long aeronClientId()
    {
        return aeron.clientId();
    }

    /**
     * A fresh engine with tuples ("task", 1L) and ("task", 2L) stored, and a connected session.
     */
    void reset()
    {
        engine = new TupleSpaceEngine(sessions, NOW_MS);
        engine.storedTupleListener(segments);
        sessions.engine(engine);
        adapter = new RequestAdapter(sessions, engine, segments, counters, ctx.errorHandler(), ctx.maxTupleLength());
        adapter.nowMs(NOW_MS);
        final TupleCodec codec = new TupleCodec();
        for (long i = 1; i <= 2; i++)
        {
            final int length = codec.encode(Tuple.of("task", i), scratch, 0);
            engine.out(SESSION_ID, -i, scratch, 0, length);
        }
        session.isHandshakeDone = true;
        drain();
    }

    /**
     * Hand one frame to the adapter, as the request subscription would, and read what it answered.
     *
     * @return what the adapter finally told the subscription to do with the frame.
     */
    Action feed(final DirectBuffer buffer, final int offset, final int length)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Action action;
        clearCounts();
        // The adapter leaves a frame for later while the response window is short or messages wait in the
        // session's backlog; the window reopens once the driver, on its own thread, has seen the responses read.
        // Do what the server's duty cycle does meanwhile, and offer the frame again, as the log would.
        while (Action.ABORT == (action = adapter.onFragment(buffer, offset, length, header)))
        {
            assertThat(System.nanoTime() - deadlineNs).as("response window never reopened").isNegative();
            conductor.invoke();
            sessions.doWork();
            readResponses();
            Thread.yield();
        }
        conductor.invoke();
        sessions.doWork(); // sends what waited in the session's backlog for the window
        readResponses();
        return action;
    }

    TupleSpaceEngine engine()
    {
        return engine;
    }

    boolean isSessionFailed()
    {
        return session.isFailed;
    }

    int responseCount()
    {
        return responseCount;
    }

    int errorCount()
    {
        return errorCount;
    }

    ErrorCode lastErrorCode()
    {
        return lastErrorCode;
    }

    String lastErrorMessage()
    {
        return lastErrorMessage;
    }

    public void close()
    {
        CloseHelper.closeAll(sessions, segments, responses, counters, aeron, driver);
        IoUtil.delete(new File(dir), true);
        IoUtil.delete(SegmentStore.dirFor(dir), true);
    }

    private void drain()
    {
        clearCounts();
        readResponses();
    }

    private void clearCounts()
    {
        responseCount = 0;
        errorCount = 0;
        lastErrorCode = null;
        lastErrorMessage = null;
    }

    private void readResponses()
    {
        // Read up to what was published: a poll that only crosses a term's end pads over it and returns 0.
        final Image image = responses.imageBySessionId(SESSION_ID);
        while (image.position() < session.publication.position())
        {
            image.poll(responseHandler, Integer.MAX_VALUE);
        }
    }

    private void onResponse(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        responseCount++;
        responseHeader.wrap(buffer, offset);
        if (ErrorResponseDecoder.TEMPLATE_ID == responseHeader.templateId())
        {
            errorDecoder.wrapAndApplyHeader(buffer, offset, responseHeader);
            errorCount++;
            lastErrorCode = errorDecoder.code();
            lastErrorMessage = errorDecoder.message();
        }
    }

    /**
     * Any error the server reports (an exception caught in the adapter, a publication that fails) is a bug here:
     * throw it past the adapter, where the fuzzer sees it.
     */
    private static void onServerError(final Throwable error)
    {
        throw new AssertionError("the server reported an error", error);
    }
}
