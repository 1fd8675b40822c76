package io.tuplespace.examples;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.Tuple;
import io.tuplespace.examples.shm.SharedPayloads;
import io.tuplespace.examples.shm.SharedPeerCommand;
import io.tuplespace.server.TupleSpaceCounters;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared-memory payloads between real processes: a server JVM, a writer or worker JVM, and this test as the other
 * client. Waits are on the segment files and the server's counters, with deadlines.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SharedMemoryCrossProcessTest
{
    private static final Pattern SEGMENT = Pattern.compile("(published|held)=([0-9a-f]+)");
    private static final int PAYLOAD = 8 * 1024 * 1024;

    private final String dir = CommonContext.generateRandomDirName();
    private final File segments = new File(CommonConfiguration.segmentsDir(dir));
    private final List<String> properties = List.of(
        "tuplespace.dir=" + dir, "tuplespace.term.length=64k", "tuplespace.client.liveness.timeout=1s");
    private final List<JvmProcess> processes = new ArrayList<>();
    private Aeron observer;
    private TupleSpace space;

    @BeforeEach
    void startServer() throws InterruptedException
    {
        start("server", "server").awaitLine(line -> line.startsWith("tuplespace server ready"), 60, TimeUnit.SECONDS);
        observer = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        space = TupleSpace.connect(new ClientContext().dir(dir).termLength(64 * 1024));
    }

    @AfterEach
    void stopAll()
    {
        CloseHelper.quietCloseAll(space, observer);
        processes.forEach(JvmProcess::close);
        IoUtil.delete(new File(dir), true);
        IoUtil.delete(segments, true);
    }

    @Test
    void aPayloadWrittenInAnotherProcessIsReadHereAndItsFileIsGoneAfterTheTake() throws InterruptedException
    {
        final JvmProcess writer = start("writer", "shm-peer", "--publish", String.valueOf(PAYLOAD));
        final File published = segmentFile(writer, "published");

        final Tuple tuple = space.in(SharedPayloads.PUBLISHED);

        assertThat(tuple.isShared(2)).isTrue();
        assertThat(SharedPayloads.checksum(tuple, 2)).isEqualTo(expectedChecksum(PAYLOAD));
        awaitGone(published);
    }

    @Test
    void aWorkerInAnotherProcessReadsAPayloadWrittenHere() throws InterruptedException
    {
        final JvmProcess worker = start("worker", "shm-peer", "--serve");
        worker.awaitLine(line -> line.startsWith(SharedPeerCommand.READY), 60, TimeUnit.SECONDS);
        final byte[] payload = SharedPayloads.pattern(PAYLOAD);

        space.out(SharedPayloads.job(1, space.shared(payload), true));

        assertThat(space.in(SharedPayloads.done(1)).getLong(2)).isEqualTo(expectedChecksum(PAYLOAD));
        awaitEmpty(segments);
        space.out(SharedPayloads.job(-1, new byte[0], false));
        assertThat(worker.awaitExit(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void killingTheWriterDeletesItsUnpublishedSegmentAndLeavesItsPublishedOneToTheTaker()
        throws InterruptedException
    {
        final long clientsBefore = counter(TupleSpaceCounters.CLIENTS_CONNECTED_TYPE_ID);
        final JvmProcess writer = start(
            "writer", "shm-peer", "--publish", String.valueOf(PAYLOAD), "--hold", String.valueOf(PAYLOAD));
        final String ready = writer.awaitLine(line -> line.startsWith(SharedPeerCommand.READY), 60, TimeUnit.SECONDS);
        final File published = segmentFile(ready, "published");
        final File held = segmentFile(ready, "held");
        assertThat(held).exists();

        writer.kill();
        assertThat(writer.awaitExit(30, TimeUnit.SECONDS)).isNotZero();
        awaitCounter(TupleSpaceCounters.CLIENTS_CONNECTED_TYPE_ID, clientsBefore);

        awaitGone(held);
        assertThat(published).exists();
        final Tuple tuple = space.in(SharedPayloads.PUBLISHED);
        assertThat(SharedPayloads.checksum(tuple, 2)).isEqualTo(expectedChecksum(PAYLOAD));
        awaitGone(published);
    }

    @Test
    void aServerKilledWithSegmentsLeftBehindStartsAgainWithNone() throws InterruptedException
    {
        final JvmProcess writer = start("writer", "shm-peer", "--publish", String.valueOf(PAYLOAD));
        final File published = segmentFile(writer, "published");
        CloseHelper.quietCloseAll(space, observer);
        processes.get(0).kill();
        assertThat(processes.get(0).awaitExit(30, TimeUnit.SECONDS)).isNotZero();
        writer.kill();
        assertThat(published).exists();

        restartServer();

        assertThat(segments).isDirectory();
        assertThat(segments.list()).isEmpty();
    }

    /**
     * Start a server on the directory of the killed one. Its driver refuses while the dead driver's heartbeat is
     * recent (1 s here), so it is started again until it is ready or the deadline passes.
     */
    private void restartServer() throws InterruptedException
    {
        final List<String> restartProperties = new ArrayList<>(properties);
        restartProperties.add("aeron.driver.timeout=1000");
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            final JvmProcess server = JvmProcess.start("server again", restartProperties, line -> {}, "server");
            processes.add(server);
            try
            {
                server.awaitLine(line -> line.startsWith("tuplespace server ready"), 60, TimeUnit.SECONDS);
                return;
            }
            catch (final IllegalStateException ex)
            {
                assertThat(ex.getMessage()).contains("already running");
                assertThat(System.nanoTime() - deadlineNs).as("server never restarted: %s", ex).isNegative();
            }
        }
    }

    private File segmentFile(final JvmProcess writer, final String kind) throws InterruptedException
    {
        return segmentFile(
            writer.awaitLine(line -> line.startsWith(SharedPeerCommand.READY), 60, TimeUnit.SECONDS), kind);
    }

    private File segmentFile(final String readyLine, final String kind)
    {
        final Matcher matcher = SEGMENT.matcher(readyLine);
        while (matcher.find())
        {
            if (matcher.group(1).equals(kind))
            {
                final String hex = matcher.group(2);
                return new File(segments, "0".repeat(16 - hex.length()) + hex);
            }
        }
        throw new AssertionError("no " + kind + " segment in: " + readyLine);
    }

    private static long expectedChecksum(final int length)
    {
        return SharedPayloads.checksum(new UnsafeBuffer(SharedPayloads.pattern(length)), length);
    }

    private JvmProcess start(final String name, final String... args)
    {
        final JvmProcess process = JvmProcess.start(name, properties, line -> {}, args);
        processes.add(process);
        return process;
    }

    private long counter(final int typeId)
    {
        return TupleSpaceCounters.valueOf(observer.countersReader(), typeId);
    }

    private void awaitCounter(final int typeId, final long expected)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counter(typeId) != expected)
        {
            assertThat(System.nanoTime() - deadlineNs)
                .as("counter %d stuck at %d, expected %d", typeId, counter(typeId), expected).isNegative();
            Thread.yield();
        }
    }

    private static void awaitEmpty(final File dir)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dir.list().length > 0)
        {
            assertThat(System.nanoTime() - deadlineNs).as("%s still holds segments", dir).isNegative();
            Thread.yield();
        }
    }

    private static void awaitGone(final File file)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (file.exists())
        {
            assertThat(System.nanoTime() - deadlineNs).as("%s still exists", file).isNegative();
            Thread.yield();
        }
    }
}
