package io.tuplespace.server;

import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.FileRegion;
import io.tuplespace.client.LimitExceededException;
import io.tuplespace.client.SharedMemoryException;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Limits;
import io.tuplespace.core.SegmentUnavailableException;
import io.tuplespace.core.SharedBytes;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Large payloads in shared-memory segments, through a real server: what a receiver reads, and when the server
 * deletes a segment's file (taken, expired, writer gone, restart). Every wait is on the file system's state, with
 * a deadline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedMemoryTest
{
    private static final Template JOB = Template.of("job", Formal.LONG, Formal.BYTES);
    private static final int MIB = 1024 * 1024;

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void close()
    {
        fixture.close();
    }

    @Test
    void aPayloadWrittenByOneClientIsReadInPlaceByTheTakerAndItsFileIsGoneAfterTheTake()
    {
        final TupleSpace writer = fixture.connect();
        final TupleSpace taker = fixture.connect();
        final byte[] payload = pattern(3 * MIB, 1);
        final SharedBytes shared = writer.shared(payload);
        writer.out(Tuple.of("job", 1L, shared));
        assertThat(fileOf(shared)).exists();

        final Tuple job = taker.in(JOB);

        assertThat(job.isShared(2)).isTrue();
        assertThat(job.getShared(2).length()).isEqualTo(payload.length);
        assertThat(job.getBytes(2)).isEqualTo(payload);
        awaitGone(fileOf(shared));
        assertThat(job.getShared(2).buffer().getByte(payload.length - 1)).isEqualTo(payload[payload.length - 1]);
    }

    @Test
    void aReaderOfRdStillReadsValidDataAfterAnotherClientTakesTheTupleAndTheFileIsDeleted()
    {
        final TupleSpace writer = fixture.connect();
        final TupleSpace reader = fixture.connect();
        final TupleSpace taker = fixture.connect();
        final byte[] payload = pattern(MIB, 2);
        final SharedBytes shared = writer.shared(payload);
        writer.out(Tuple.of("job", 2L, shared));

        final SharedBytes read = reader.rd(JOB).getShared(2);
        taker.in(JOB);
        awaitGone(fileOf(shared));

        assertThat(read.toByteArray()).isEqualTo(payload);
    }

    @Test
    void aSegmentInTwoTuplesLivesUntilBothAreTaken()
    {
        final TupleSpace writer = fixture.connect();
        final TupleSpace taker = fixture.connect();
        final byte[] payload = pattern(64 * 1024, 3);
        final SharedBytes shared = writer.shared(payload);
        writer.out(Tuple.of("job", 1L, shared));
        writer.out(Tuple.of("job", 2L, shared));

        taker.in(Template.of("job", 1L, Formal.BYTES));
        assertThat(taker.rd(Template.of("job", 2L, Formal.BYTES)).getBytes(2)).isEqualTo(payload);
        assertThat(fileOf(shared)).exists();

        taker.in(Template.of("job", 2L, Formal.BYTES));
        awaitGone(fileOf(shared));
    }

    @Test
    void theSegmentOfATupleWhoseLeaseExpiresIsDeleted()
    {
        final TupleSpace writer = fixture.connect();
        final SharedBytes shared = writer.shared(pattern(MIB, 4));
        writer.out(Tuple.of("job", 4L, shared), Duration.ofMillis(50));

        awaitGone(fileOf(shared));
        assertThat(writer.rdp(JOB)).isEmpty();
    }

    @Test
    void aTakeUnderATransactionKeepsTheSegmentUntilCommitAndAnAbortPutsItBackReadable()
    {
        final TupleSpace writer = fixture.connect();
        final TupleSpace taker = fixture.connect();
        final byte[] payload = pattern(MIB, 5);
        final SharedBytes shared = writer.shared(payload);
        writer.out(Tuple.of("job", 5L, shared));

        final Transaction aborted = taker.begin(Duration.ofSeconds(30));
        assertThat(taker.in(JOB, Duration.ZERO, aborted)).isPresent();
        aborted.abort();
        assertThat(writer.rd(JOB).getBytes(2)).isEqualTo(payload);

        final Transaction committed = taker.begin(Duration.ofSeconds(30));
        final Tuple job = taker.in(JOB, Duration.ZERO, committed).orElseThrow();
        assertThat(fileOf(shared)).exists();
        committed.commit();
        awaitGone(fileOf(shared));
        assertThat(job.getBytes(2)).isEqualTo(payload);
    }

    @Test
    void theUnpublishedSegmentsOfAClosedWriterAreDeletedAndItsPublishedOnesStay()
    {
        final TupleSpace writer = fixture.connect();
        final TupleSpace taker = fixture.connect();
        final byte[] payload = pattern(MIB, 6);
        final SharedBytes published = writer.shared(payload);
        final SharedBytes unpublished = writer.shared(pattern(MIB, 7));
        writer.out(Tuple.of("job", 6L, published));

        writer.close();

        awaitGone(fileOf(unpublished));
        assertThat(taker.in(JOB).getBytes(2)).isEqualTo(payload);
        awaitGone(fileOf(published));
    }

    @Test
    void aReferenceToASegmentThatVanishedGivesAClearExceptionOnReadNotACrash() throws IOException
    {
        final TupleSpace writer = fixture.connect();
        final TupleSpace reader = fixture.connect();
        final SharedBytes shared = writer.shared(pattern(MIB, 8));
        writer.out(Tuple.of("job", 8L, shared));
        Files.delete(fileOf(shared).toPath());

        final Tuple job = reader.rd(JOB);

        assertThat(job.getShared(2).isAvailable()).isFalse();
        assertThatThrownBy(() -> job.getShared(2).buffer())
            .isInstanceOf(SegmentUnavailableException.class)
            .hasMessageContaining(Long.toHexString(shared.segmentId()))
            .hasMessageContaining("is gone");
        assertThatThrownBy(() -> job.getBytes(2)).isInstanceOf(SegmentUnavailableException.class);
    }

    @Test
    void anOutReferringToAReclaimedSegmentIsRefusedAndNothingIsStored()
    {
        final TupleSpace writer = fixture.connect();
        final TupleSpace taker = fixture.connect();
        final SharedBytes shared = writer.shared(pattern(MIB, 14));
        writer.out(Tuple.of("job", 14L, shared));
        taker.in(JOB);
        awaitGone(fileOf(shared));

        assertThatThrownBy(() -> writer.out(Tuple.of("job", 15L, shared)))
            .isInstanceOf(SegmentUnavailableException.class)
            .hasMessageContaining("does not exist");
        assertThat(taker.rdp(JOB)).isEmpty();
    }

    @Test
    void theSegmentsMadeForARefusedOutAreDeletedAtOnceAndOnesTheCallerSharedStay()
    {
        try (ServerFixture limited = new ServerFixture(new ServerContext().limits(new Limits().maxStoredTuples(1))))
        {
            final TupleSpace writer = limited.connect(limited.clientContext().segmentThreshold(4096));
            final File segments = new File(CommonConfiguration.segmentsDir(limited.dir()));
            writer.out(Tuple.of("job", 1L, new byte[0]));

            assertThatThrownBy(() -> writer.out(Tuple.of("job", 2L, pattern(MIB, 2))))
                .isInstanceOf(LimitExceededException.class);
            assertThat(segments.list()).as("segment files left by the refused out").isEmpty();

            final SharedBytes shared = writer.shared(pattern(MIB, 3));
            assertThatThrownBy(() -> writer.out(Tuple.of("job", 3L, shared)))
                .isInstanceOf(LimitExceededException.class);
            assertThat(writer.inp(JOB)).isPresent();
            writer.out(Tuple.of("job", 3L, shared));
            assertThat(writer.inp(JOB).orElseThrow().getBytes(2)).isEqualTo(pattern(MIB, 3));
        }
    }

    @Test
    void largeBytesAboveTheThresholdGoThroughSharedMemoryWithoutTheSenderAsking()
    {
        final TupleSpace writer = fixture.connect(fixture.clientContext().segmentThreshold(4096));
        final TupleSpace reader = fixture.connect(fixture.clientContext().segmentThreshold(0));
        final byte[] large = pattern(ServerFixture.TERM_LENGTH * 4, 9);
        final byte[] small = pattern(100, 10);

        writer.out(Tuple.of("job", 9L, large));
        writer.out(Tuple.of("job", 10L, small));

        final Tuple first = reader.in(JOB);
        final Tuple second = reader.in(JOB);
        assertThat(first.isShared(2)).isTrue();
        assertThat(first.getBytes(2)).isEqualTo(large);
        assertThat(second.isShared(2)).isFalse();
        assertThat(second.getBytes(2)).isEqualTo(small);
        awaitGone(fileOf(first.getShared(2)));
    }

    @Test
    void aSegmentThatWouldLeaveTooLittleFreeForTheDriverIsRefusedWithTheReasonAndNothingIsStored()
    {
        final File segments = new File(CommonConfiguration.segmentsDir(fixture.dir()));
        final long moreThanFree = segments.getUsableSpace() + 1024L * MIB;
        final TupleSpace writer = fixture.connect(
            fixture.clientContext().segmentThreshold(4096).segmentMinFree(moreThanFree));
        final TupleSpace reader = fixture.connect();

        assertThatThrownBy(() -> writer.out(Tuple.of("job", 16L, pattern(MIB, 16))))
            .isInstanceOf(SharedMemoryException.class)
            .hasMessageContaining("cannot create a segment of " + MIB + " bytes")
            .hasMessageContaining(moreThanFree + " must stay free")
            .hasMessageContaining(ClientContext.SEGMENT_MIN_FREE_PROP_NAME);
        assertThatThrownBy(() -> writer.shared(pattern(MIB, 16))).isInstanceOf(SharedMemoryException.class);

        assertThat(segments.list()).isEmpty();
        assertThat(reader.rdp(JOB)).isEmpty();
        writer.out(Tuple.of("job", 17L, pattern(100, 17)));
        assertThat(reader.in(JOB).getLong(1)).isEqualTo(17L);
    }

    /**
     * An entry whose tuple would not fit a message.
     */
    public record Blob(long id, byte[] data)
    {
    }

    @Test
    void anEntryTooLargeForAMessageTravelsThroughSharedMemory()
    {
        final TupleSpace writer = fixture.connect();
        final TupleSpace reader = fixture.connect();
        final byte[] data = pattern(ServerFixture.TERM_LENGTH, 12);

        writer.out(new Blob(12, data));

        assertThat(reader.in(new Blob(12, null)).data()).isEqualTo(data);
    }

    @Test
    void aFileRegionHandedOverByPathIsMappedByTheReceiverAndARegionOfAReplacedFileIsRefused(@TempDir final Path tmp)
        throws IOException
    {
        final TupleSpace sender = fixture.connect();
        final TupleSpace receiver = fixture.connect();
        final Path file = tmp.resolve("frames.bin");
        final byte[] content = pattern(MIB, 13);
        Files.write(file, content);

        sender.out(FileRegion.of(file, 4096, 8192).toTuple("frames"));
        final MappedByteBuffer region = FileRegion.from(receiver.in(FileRegion.template("frames"))).map();
        final byte[] read = new byte[8192];
        region.get(read);
        assertThat(read).isEqualTo(Arrays.copyOfRange(content, 4096, 4096 + 8192));

        sender.out(FileRegion.of(file, 0, 100).toTuple("frames"));
        final Path replacement = tmp.resolve("replacement.bin");
        Files.write(replacement, content);
        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING);
        final FileRegion stale = FileRegion.from(receiver.in(FileRegion.template("frames")));
        assertThatThrownBy(stale::map).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("no longer the file");
    }

    @Test
    void aPrefaultedSegmentCarriesAPayloadAndTheOneStillReadyIsDeletedWhenItsWriterCloses()
    {
        final TupleSpace writer = fixture.connect(fixture.clientContext().segmentPrefault(MIB));
        final TupleSpace taker = fixture.connect();
        final File segments = new File(CommonConfiguration.segmentsDir(fixture.dir()));
        awaitFileOfLength(segments, MIB);
        final byte[] payload = pattern(1000, 15);

        final SharedBytes shared = writer.shared(payload);
        assertThat(fileOf(shared)).hasSize(MIB);
        writer.out(Tuple.of("job", 15L, shared));
        assertThat(taker.in(JOB).getBytes(2)).isEqualTo(payload);
        awaitGone(fileOf(shared));

        awaitFileOfLength(segments, MIB);
        writer.close();
        awaitEmpty(segments);
    }

    @Test
    void aServerStartDeletesStaleSegmentsAndAStopDeletesTheDirectory() throws IOException
    {
        final String dir = CommonContext.generateRandomDirName();
        final File segments = new File(CommonConfiguration.segmentsDir(dir));
        final File stale = new File(segments, "0000000700000001");
        IoUtil.ensureDirectoryExists(segments, "segments");
        Files.write(stale.toPath(), new byte[4096]);
        TupleSpaceServer server = null;
        try
        {
            server = TupleSpaceServer.launch(new ServerContext().dir(dir).deleteDirOnStart(true).termLength(65536));
            assertThat(stale).doesNotExist();
            assertThat(segments).isDirectory();
            try (TupleSpace client = TupleSpace.connect(new ClientContext().dir(dir).termLength(65536)))
            {
                client.out(Tuple.of("job", 1L, client.shared(pattern(MIB, 11))));
            }
            server.close();
            assertThat(segments).doesNotExist();
        }
        finally
        {
            CloseHelper.quietClose(server);
            IoUtil.delete(segments, true);
            IoUtil.delete(new File(dir), true);
        }
    }

    private File fileOf(final SharedBytes shared)
    {
        final String hex = Long.toHexString(shared.segmentId());
        return new File(CommonConfiguration.segmentsDir(fixture.dir()), "0".repeat(16 - hex.length()) + hex);
    }

    static void awaitFileOfLength(final File dir, final long length)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Arrays.stream(dir.listFiles()).noneMatch(file -> file.length() == length))
        {
            assertThat(System.nanoTime() - deadlineNs).as("no file of %d bytes in %s", length, dir).isNegative();
            Thread.yield();
        }
    }

    static void awaitEmpty(final File dir)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dir.list().length > 0)
        {
            assertThat(System.nanoTime() - deadlineNs).as("%s still holds %s", dir, Arrays.toString(dir.list()))
                .isNegative();
            Thread.yield();
        }
    }

    static void awaitGone(final File file)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (file.exists())
        {
            assertThat(System.nanoTime() - deadlineNs).as("%s still exists", file).isNegative();
            Thread.yield();
        }
    }

    static byte[] pattern(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + seed);
        }
        return bytes;
    }
}
