package io.tuplespace.server;

import io.tuplespace.codecs.AbortTransactionRequestEncoder;
import io.tuplespace.codecs.BeginTransactionRequestEncoder;
import io.tuplespace.codecs.CancelLeaseRequestEncoder;
import io.tuplespace.codecs.CancelRegistrationRequestEncoder;
import io.tuplespace.codecs.CancelRequestEncoder;
import io.tuplespace.codecs.CommitTransactionRequestEncoder;
import io.tuplespace.codecs.ConnectRequestEncoder;
import io.tuplespace.codecs.DisconnectRequestEncoder;
import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.MatchRequestEncoder;
import io.tuplespace.codecs.MessageHeaderEncoder;
import io.tuplespace.codecs.OutBatchRequestEncoder;
import io.tuplespace.codecs.OutRequestEncoder;
import io.tuplespace.codecs.ReadPageRequestEncoder;
import io.tuplespace.codecs.RegisterRequestEncoder;
import io.tuplespace.codecs.RenewLeaseRequestEncoder;
import io.tuplespace.codecs.RenewRegistrationRequestEncoder;
import io.tuplespace.codecs.RenewTransactionRequestEncoder;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import org.agrona.ExpandableArrayBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Well-formed request frames of every type, for the fuzzer's seed corpus and for checking that each is accepted.
 * Frames are built with the generated encoders, so a protocol change shows up as a failing
 * {@code FuzzSeedsTest} until the seeds are written again with {@link #main}.
 */
final class FuzzSeeds
{
    /**
     * The id the driver gives the first Aeron client that connects to it, which {@link DecodeHarness}'s server is:
     * the connect seed names it, so the server finds its heartbeat and accepts the handshake.
     */
    static final long HARNESS_AERON_CLIENT_ID = 1;

    private static final Tuple TASK = Tuple.of("task", 3L);
    private static final Tuple EVERY_TYPE = Tuple.of(true, 7, 8L, 2.5, "caf\u00e9", new byte[]{ 1, 2 });
    private static final Template ANY_TASK = Template.of("task", Formal.LONG);
    private static final Template EVERY_KIND = Template.prefix("task", Formal.LONG, Formal.ANY);

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TupleCodec codec = new TupleCodec();

    /**
     * @return each seed by name: the frames of one fuzz input, every one of them well formed and accepted.
     */
    Map<String, byte[][]> seeds()
    {
        final Map<String, byte[][]> seeds = new LinkedHashMap<>();
        seeds.put("connect", frames(connect()));
        seeds.put("disconnect", frames(disconnect()));
        seeds.put("out", frames(out(TASK, 0, 0)));
        seeds.put("out-every-type", frames(out(EVERY_TYPE, 0, 0)));
        seeds.put("out-batch", frames(outBatch(TASK, EVERY_TYPE)));
        seeds.put("take", frames(match(MatchOperation.TAKE, ANY_TASK, 0, 1, 0)));
        seeds.put("take-bulk", frames(match(MatchOperation.TAKE, ANY_TASK, 0, 5, 0)));
        seeds.put("read-prefix", frames(match(MatchOperation.READ, EVERY_KIND, 0, 1, 0)));
        seeds.put("read-wait-cancel", frames(match(MatchOperation.READ, Template.of("job"), -1, 1, 0), cancel(7)));
        seeds.put("read-page", frames(readPage(ANY_TASK)));
        seeds.put("lease", frames(out(TASK, 1000, 0), renewLease(1), cancelLease(1)));
        seeds.put("transaction-commit", frames(
            beginTransaction(), out(TASK, 0, 1), match(MatchOperation.TAKE, ANY_TASK, 0, 1, 1), renewTransaction(1),
            commitTransaction(1)));
        seeds.put("transaction-abort", frames(
            beginTransaction(), match(MatchOperation.TAKE, ANY_TASK, 0, 2, 1), abortTransaction(1)));
        seeds.put("notify", frames(
            register(ANY_TASK), out(TASK, 0, 0), renewRegistration(1), cancelRegistration(1)));
        return seeds;
    }

    /**
     * Write the seeds as fuzz inputs into the corpus directory Jazzer reads.
     *
     * @param args the corpus directory, e.g.
     *             {@code tuplespace-server/src/test/resources/io/tuplespace/server/RequestFuzzTestInputs/fuzzRequests}.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path dir = Files.createDirectories(Path.of(args[0]));
        for (final Map.Entry<String, byte[][]> seed : new FuzzSeeds().seeds().entrySet())
        {
            Files.write(dir.resolve("seed-" + seed.getKey()), input(seed.getValue()));
        }
    }

    /**
     * @return the fuzz input of a sequence of frames: each a little-endian uint16 length, then the frame.
     */
    static byte[] input(final byte[][] frames)
    {
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (final byte[] frame : frames)
        {
            input.write(frame.length & 0xFF);
            input.write(frame.length >>> 8);
            input.write(frame, 0, frame.length);
        }
        return input.toByteArray();
    }

    private static byte[][] frames(final byte[]... frames)
    {
        return frames;
    }

    private byte[] connect()
    {
        final ConnectRequestEncoder encoder = new ConnectRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(1).processId(42).aeronClientId(HARNESS_AERON_CLIENT_ID).clientName("fuzz");
        return frame(encoder.encodedLength());
    }

    private byte[] disconnect()
    {
        return frame(new DisconnectRequestEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(2)
            .encodedLength());
    }

    private byte[] out(final Tuple tuple, final long leaseMs, final long transactionId)
    {
        final int length = codec.encode(tuple, payload, 0);
        return frame(new OutRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(3).leaseMs(leaseMs).transactionId(transactionId).putTuple(payload, 0, length)
            .encodedLength());
    }

    private byte[] outBatch(final Tuple... tuples)
    {
        final OutBatchRequestEncoder encoder = new OutBatchRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(4).leaseMs(0).transactionId(0);
        final OutBatchRequestEncoder.TuplesEncoder entries = encoder.tuplesCount(tuples.length);
        for (final Tuple tuple : tuples)
        {
            final int length = codec.encode(tuple, payload, 0);
            entries.next().putTuple(payload, 0, length);
        }
        return frame(encoder.encodedLength());
    }

    private byte[] match(
        final MatchOperation operation,
        final Template template,
        final long timeoutMs,
        final int maxTuples,
        final long transactionId)
    {
        final int length = codec.encode(template, payload, 0);
        return frame(new MatchRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(7).operation(operation).timeoutMs(timeoutMs).maxTuples(maxTuples)
            .transactionId(transactionId).ifExists((short)0).putPattern(payload, 0, length).encodedLength());
    }

    private byte[] cancel(final long correlationId)
    {
        return frame(new CancelRequestEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId)
            .encodedLength());
    }

    private byte[] readPage(final Template template)
    {
        final int length = codec.encode(template, payload, 0);
        return frame(new ReadPageRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(8).maxTuples(10).afterSequence(0).transactionId(0).putPattern(payload, 0, length)
            .encodedLength());
    }

    private byte[] renewLease(final long leaseId)
    {
        return frame(new RenewLeaseRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(9).leaseId(leaseId).leaseMs(2000).encodedLength());
    }

    private byte[] cancelLease(final long leaseId)
    {
        return frame(new CancelLeaseRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(10).leaseId(leaseId).encodedLength());
    }

    byte[] beginTransaction()
    {
        return frame(new BeginTransactionRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(11).leaseMs(-1).encodedLength());
    }

    private byte[] renewTransaction(final long transactionId)
    {
        return frame(new RenewTransactionRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(12).transactionId(transactionId).leaseMs(5000).encodedLength());
    }

    private byte[] commitTransaction(final long transactionId)
    {
        return frame(new CommitTransactionRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(13).transactionId(transactionId).encodedLength());
    }

    private byte[] abortTransaction(final long transactionId)
    {
        return frame(new AbortTransactionRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(14).transactionId(transactionId).encodedLength());
    }

    private byte[] register(final Template template)
    {
        final int length = codec.encode(template, payload, 0);
        return frame(new RegisterRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(15).eventKind(EventKind.WRITE).visibilityOnly((short)0).leaseMs(-1)
            .transactionId(0).putPattern(payload, 0, length).encodedLength());
    }

    private byte[] renewRegistration(final long registrationId)
    {
        return frame(new RenewRegistrationRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(16).registrationId(registrationId).leaseMs(5000).encodedLength());
    }

    private byte[] cancelRegistration(final long registrationId)
    {
        return frame(new CancelRegistrationRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(17).registrationId(registrationId).encodedLength());
    }

    private byte[] frame(final int messageLength)
    {
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + messageLength);
    }
}
