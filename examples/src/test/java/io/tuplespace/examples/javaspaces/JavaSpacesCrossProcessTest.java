package io.tuplespace.examples.javaspaces;

import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.examples.JvmProcess;
import io.tuplespace.javaspaces.TupleSpaceJavaSpace;
import io.tuplespace.server.ServerContext;
import io.tuplespace.server.TupleSpaceCounters;
import io.tuplespace.server.TupleSpaceServer;
import net.jini.core.entry.Entry;
import net.jini.core.lease.Lease;
import net.jini.core.transaction.Transaction;
import net.jini.core.transaction.TransactionFactory;
import net.jini.space.JavaSpace;
import net.jini.space.JavaSpace05;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaSpaces rules that involve a second client, with that client in a process of its own
 * ({@link JavaSpacePeer}): transaction visibility, a take or a read under a transaction holding back another
 * process's take until the transaction ends, an abort complete when it returns, notify and availability events with
 * their sequence numbers, IfExists waiting on a lock held by the other process's transaction, and that lock given up
 * when the other process is killed. The server runs in this JVM;
 * counters tell when a request waits, and the long IfExists timeouts (ten minutes) are far beyond the test's own, so
 * one that returns did so for the reason asserted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaSpacesCrossProcessTest
{
    private static final long TEN_MINUTES = TimeUnit.MINUTES.toMillis(10);
    private static final JavaSpacePeer.Item ANY = new JavaSpacePeer.Item();

    private final String dir = CommonContext.generateRandomDirName();
    private TupleSpaceServer server;
    private TupleSpaceJavaSpace connection;
    private JavaSpace05 space;
    private JvmProcess peer;

    @BeforeEach
    void start() throws InterruptedException
    {
        server = TupleSpaceServer.launch(new ServerContext().dir(dir).deleteDirOnStart(true).termLength(64 * 1024)
            .clientLivenessTimeoutNs(TimeUnit.SECONDS.toNanos(1)));
        connection = TupleSpaceJavaSpace.connect(new ClientContext().dir(dir).termLength(64 * 1024));
        space = connection;
        peer = JvmProcess.startMain("peer", JavaSpacePeer.class.getName(), List.of("-XX:+UseSerialGC", "-Xmx128m"),
            List.of("tuplespace.dir=" + dir, "tuplespace.term.length=64k"), line -> {});
        peer.awaitLine("ready"::equals, 60, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietClose(peer);
        CloseHelper.quietCloseAll(connection, server);
        IoUtil.delete(new File(dir), true);
    }

    @Test
    void aWriteUnderATransactionIsInvisibleToTheOtherProcessUntilCommit() throws Exception
    {
        final Transaction txn = newTransaction();
        space.write(new JavaSpacePeer.Item(1), txn, Lease.FOREVER);

        assertThat(ask("readIfExists 0")).isEqualTo("readIfExists null");
        assertThat(ask("take 0")).isEqualTo("take null");
        txn.commit();
        assertThat(ask("take 0")).isEqualTo("take 1");

        ask("begin");
        ask("write 2 txn");
        assertThat(space.readIfExists(ANY, null, JavaSpace.NO_WAIT)).isNull();
        ask("commit");
        assertThat(id(space.take(ANY, null, JavaSpace.NO_WAIT))).isEqualTo(2);
    }

    @Test
    void aTakeUnderTheOtherProcesssTransactionHoldsBackATakeUntilItAborts() throws Exception
    {
        space.write(new JavaSpacePeer.Item(3), null, Lease.FOREVER);
        ask("begin");
        assertThat(ask("take 0 txn")).isEqualTo("take 3");

        final CompletableFuture<Entry> taken = CompletableFuture.supplyAsync(() -> take(TimeUnit.SECONDS.toMillis(60)));
        awaitWaitingRequests(1);
        assertThat(taken).isNotDone();
        ask("abort");

        assertThat(id(taken.get(30, TimeUnit.SECONDS))).isEqualTo(3);
    }

    @Test
    void aReadUnderATransactionKeepsTheOtherProcessFromTakingTheEntryUntilTheTransactionEnds() throws Exception
    {
        space.write(new JavaSpacePeer.Item(11), null, Lease.FOREVER);
        final Transaction txn = newTransaction();
        assertThat(id(space.read(ANY, txn, JavaSpace.NO_WAIT))).isEqualTo(11);

        assertThat(ask("readIfExists 0")).as("a read lock hides nothing").isEqualTo("readIfExists 11");
        assertThat(ask("takeIfExists 0")).isEqualTo("takeIfExists null");
        peer.send("take " + TEN_MINUTES);
        awaitWaitingRequests(1);
        assertThat(peer.outputText()).doesNotContain("take 11");
        txn.commit();
        assertThat(answer()).isEqualTo("take 11");

        awaitWaitingRequests(0);
        space.write(new JavaSpacePeer.Item(12), null, Lease.FOREVER);
        ask("begin");
        assertThat(ask("read 0 txn")).isEqualTo("read 12");
        assertThat(space.take(ANY, null, JavaSpace.NO_WAIT)).isNull();
        final CompletableFuture<Entry> taken = CompletableFuture.supplyAsync(() -> takeIfExists(TEN_MINUTES));
        awaitWaitingRequests(1);
        assertThat(taken).isNotDone();
        ask("abort");

        assertThat(id(taken.get(30, TimeUnit.SECONDS))).isEqualTo(12);
    }

    @Test
    void anAbortHasPutTheEntryBackForTheOtherProcessWhenItReturns() throws Exception
    {
        space.write(new JavaSpacePeer.Item(13), null, Lease.FOREVER);

        // Each read is sent only after the abort has returned in the other process (the peer answers "aborted"
        // once abort() has returned; this process asks the peer once txn.abort() has returned). Several rounds
        // give an abort that ended before the server restored the entry several chances to show.
        for (int round = 0; round < 10; round++)
        {
            ask("begin");
            assertThat(ask("take 0 txn")).isEqualTo("take 13");
            assertThat(space.readIfExists(ANY, null, JavaSpace.NO_WAIT)).isNull();
            assertThat(ask("abort")).isEqualTo("aborted");
            assertThat(id(space.readIfExists(ANY, null, JavaSpace.NO_WAIT))).as("round %d", round).isEqualTo(13);

            final Transaction txn = newTransaction();
            assertThat(id(space.take(ANY, txn, JavaSpace.NO_WAIT))).isEqualTo(13);
            assertThat(ask("readIfExists 0")).isEqualTo("readIfExists null");
            txn.abort();
            assertThat(ask("readIfExists 0")).as("round %d", round).isEqualTo("readIfExists 13");
        }
    }

    @Test
    void notifyAndAvailabilityEventsReachTheOtherProcessNumberedFromOne() throws Exception
    {
        ask("notify");
        ask("available");

        space.write(new JavaSpacePeer.Item(1), null, Lease.FOREVER);
        space.write(new JavaSpacePeer.Item(2), null, Lease.FOREVER);
        final Transaction txn = newTransaction();
        space.write(new JavaSpacePeer.Item(3), txn, Lease.FOREVER);
        space.write(new JavaSpacePeer.Item(4), null, Lease.FOREVER);
        txn.commit();

        // Each registration's events arrive in order; the write under the transaction counts at its commit.
        awaitOutput("available 4 3");
        awaitOutput("event 4");
        assertThat(peer.outputText().lines().filter(line -> line.startsWith("event "))).containsExactly(
            "event 1", "event 2", "event 3", "event 4");
        assertThat(peer.outputText().lines().filter(line -> line.startsWith("available "))).containsExactly(
            "available 1 1", "available 2 2", "available 3 4", "available 4 3");
    }

    @Test
    void aRegistrationUnderTheOtherProcesssTransactionSeesItsWritesAndEndsAtItsCommit() throws Exception
    {
        ask("begin");
        ask("available txn");
        ask("notify");
        ask("write 5 txn");
        awaitOutput("available 1 5");

        final Transaction mine = newTransaction();
        space.write(new JavaSpacePeer.Item(6), mine, Lease.FOREVER);
        space.write(new JavaSpacePeer.Item(7), null, Lease.FOREVER);
        awaitOutput("available 2 7");
        awaitOutput("event 1");
        mine.abort();
        ask("commit");

        // The commit makes 5 visible to all: the plain notify sees it, the ended registration does not. Events of
        // one client arrive in order, so a wrong "available 3" would have been printed before "event 2".
        awaitOutput("event 2");
        assertThat(peer.outputText().lines().filter(line -> line.startsWith("available "))).containsExactly(
            "available 1 5", "available 2 7");
    }

    @Test
    void takeIfExistsWaitsOnTheOtherProcesssLockAndGetsTheEntryAtTheAbort() throws Exception
    {
        space.write(new JavaSpacePeer.Item(8), null, Lease.FOREVER);
        ask("begin");
        assertThat(ask("take 0 txn")).isEqualTo("take 8");
        assertThat(space.takeIfExists(ANY, null, JavaSpace.NO_WAIT)).isNull();

        final CompletableFuture<Entry> taken = CompletableFuture.supplyAsync(() -> takeIfExists(TEN_MINUTES));
        awaitWaitingRequests(1);
        ask("abort");

        assertThat(id(taken.get(30, TimeUnit.SECONDS))).isEqualTo(8);
    }

    @Test
    void readIfExistsInTheOtherProcessReturnsNullWhenTheLockingTakeCommits() throws Exception
    {
        space.write(new JavaSpacePeer.Item(9), null, Lease.FOREVER);
        final Transaction txn = newTransaction();
        assertThat(id(space.take(ANY, txn, JavaSpace.NO_WAIT))).isEqualTo(9);

        peer.send("readIfExists " + TEN_MINUTES);
        awaitWaitingRequests(1);
        txn.commit();

        awaitOutput("readIfExists null");
    }

    @Test
    void theLockOfAKilledProcessIsReleasedToAWaitingTakeIfExists() throws Exception
    {
        space.write(new JavaSpacePeer.Item(10), null, Lease.FOREVER);
        ask("begin");
        assertThat(ask("take 0 txn")).isEqualTo("take 10");
        final CompletableFuture<Entry> taken = CompletableFuture.supplyAsync(() -> takeIfExists(TEN_MINUTES));
        awaitWaitingRequests(1);

        peer.kill();

        assertThat(id(taken.get(60, TimeUnit.SECONDS))).isEqualTo(10);
    }

    /**
     * Send a command and wait for its answer, the first line that is not an event (events are awaited on the
     * whole output instead, as they may come before or after an answer).
     */
    private String ask(final String command) throws InterruptedException
    {
        peer.send(command);
        final String answer = answer();
        assertThat(answer).doesNotStartWith("unknown");
        return answer;
    }

    /**
     * Wait for the answer to a command sent earlier with {@code peer.send}, as {@link #ask} does.
     */
    private String answer() throws InterruptedException
    {
        return peer.awaitLine(line -> !line.startsWith("event ") && !line.startsWith("available "),
            30, TimeUnit.SECONDS);
    }

    /**
     * Wait until the peer has printed a line, bounded.
     */
    private void awaitOutput(final String line)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!peer.outputText().lines().toList().contains(line))
        {
            assertThat(System.nanoTime() - deadlineNs).as("the peer never printed \"%s\":%n%s", line,
                peer.outputText()).isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private Transaction newTransaction() throws Exception
    {
        return TransactionFactory.create(connection.transactionManager(), TimeUnit.MINUTES.toMillis(1)).transaction;
    }

    private Entry take(final long timeoutMs)
    {
        try
        {
            return space.take(ANY, null, timeoutMs);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private Entry takeIfExists(final long timeoutMs)
    {
        try
        {
            return space.takeIfExists(ANY, null, timeoutMs);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void awaitWaitingRequests(final long expected)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (TupleSpaceCounters.valueOf(server.aeron().countersReader(),
            TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID) != expected)
        {
            assertThat(System.nanoTime() - deadlineNs).as("waiting requests never reached %d", expected).isNegative();
            Thread.onSpinWait();
        }
    }

    private static long id(final Entry entry)
    {
        assertThat(entry).isNotNull();
        return ((JavaSpacePeer.Item)entry).id;
    }
}
