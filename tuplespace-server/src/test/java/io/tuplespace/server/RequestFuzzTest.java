package io.tuplespace.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.tuplespace.codecs.CancelRequestDecoder;
import io.tuplespace.codecs.DisconnectRequestDecoder;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.ReleaseSegmentsRequestDecoder;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the server's decode-and-dispatch path ({@link RequestAdapter} over a real engine, see
 * {@link DecodeHarness}) with arbitrary bytes.
 * <p>
 * An input is a sequence of frames, each a little-endian uint16 length followed by that many bytes (fewer if the
 * input ends first), so one input can begin a transaction, write under it and commit. After every frame:
 * <ul>
 *   <li>no exception escapes, and the server reports no error of its own (no INTERNAL_ERROR);</li>
 *   <li>the frame is consumed and the session stays answerable;</li>
 *   <li>the sender gets at least one response, unless the protocol gives none: a disconnect, a cancel of nothing,
 *       or a request now waiting for a match;</li>
 *   <li>a frame answered by nothing but one error left the space as it was: stored tuples and bytes, waiting
 *       requests, leases and open transactions.</li>
 * </ul>
 * A normal build runs the inputs in {@code RequestFuzzTestInputs/fuzzRequests} (seeds of every request type, see
 * {@link FuzzSeeds}, and every crash found) as regression tests; {@code JAZZER_FUZZ=1} fuzzes for
 * {@code maxDuration}.
 */
class RequestFuzzTest
{
    private static final int MAX_FRAMES = 8;
    private static final int FRAME_LENGTH_PREFIX = 2;

    private static DecodeHarness harness;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);

    @BeforeAll
    static void launch()
    {
        harness = new DecodeHarness();
    }

    @AfterAll
    static void close()
    {
        harness.close();
    }

    @FuzzTest(maxDuration = "60s")
    void fuzzRequests(final byte[] input)
    {
        harness.reset();
        int position = 0;
        for (int frames = 0; frames < MAX_FRAMES && position + FRAME_LENGTH_PREFIX <= input.length; frames++)
        {
            final int declared = (input[position] & 0xFF) | (input[position + 1] & 0xFF) << 8;
            position += FRAME_LENGTH_PREFIX;
            final int length = Math.min(declared, input.length - position);
            // A fresh array per frame, so a read past the frame is out of bounds rather than into the next one.
            final byte[] bytes = new byte[length];
            System.arraycopy(input, position, bytes, 0, length);
            position += length;
            frame.wrap(bytes);
            feedAndCheck(frame, length);
        }
    }

    private static void feedAndCheck(final UnsafeBuffer frame, final int length)
    {
        final TupleSpaceEngine engine = harness.engine();
        final long stored = engine.storedCount();
        final long storedBytes = engine.storedBytes();
        final long waiting = engine.waitingCount();
        final long leased = engine.leasedCount();
        final long transactions = engine.openTransactionCount();

        final Action action = harness.feed(frame, 0, length);

        assertThat(action).isEqualTo(Action.CONTINUE);
        assertThat(harness.isSessionFailed()).as("session failed").isFalse();
        final int templateId = length >= MessageHeaderDecoder.ENCODED_LENGTH ?
            frame.getShort(2, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF : -1;
        if (0 == harness.responseCount())
        {
            // A disconnect, a cancel and a segment release are never answered when well formed.
            assertThat(DisconnectRequestDecoder.TEMPLATE_ID == templateId ||
                CancelRequestDecoder.TEMPLATE_ID == templateId ||
                ReleaseSegmentsRequestDecoder.TEMPLATE_ID == templateId || engine.waitingCount() == waiting + 1)
                .as("no response to template %d", templateId).isTrue();
        }
        if (1 == harness.responseCount() && 1 == harness.errorCount())
        {
            assertThat(harness.lastErrorMessage()).as("error %s", harness.lastErrorCode()).isNotBlank();
            assertThat(new long[]{ engine.storedCount(), engine.storedBytes(), engine.waitingCount(),
                engine.leasedCount(), engine.openTransactionCount() })
                .as("space changed by a request rejected with %s: %s", harness.lastErrorCode(),
                    harness.lastErrorMessage())
                .containsExactly(stored, storedBytes, waiting, leased, transactions);
        }
    }
}
