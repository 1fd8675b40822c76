package io.tuplespace.javaspaces;

import net.jini.core.entry.Entry;
import net.jini.core.lease.Lease;
import net.jini.core.lease.UnknownLeaseException;
import net.jini.core.transaction.CannotAbortException;
import net.jini.core.transaction.CannotCommitException;
import net.jini.core.transaction.CannotJoinException;
import net.jini.core.transaction.Transaction;
import net.jini.core.transaction.TransactionFactory;
import net.jini.core.transaction.UnknownTransactionException;
import net.jini.core.transaction.server.ServerTransaction;
import net.jini.core.transaction.server.TransactionConstants;
import net.jini.core.transaction.server.TransactionManager;
import net.jini.space.JavaSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jini transactions from {@code TransactionFactory.create} over the space's transaction manager, through a real
 * server: visibility, abort restoring taken entries, lease expiry, the manager's states and errors.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaSpaceTransactionTest
{
    private static final long MINUTE = TimeUnit.MINUTES.toMillis(1);

    private ServerFixture fixture;
    private TupleSpaceJavaSpace space;
    private JavaSpace other;
    private TransactionManager manager;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        space = fixture.connect();
        other = fixture.connect();
        manager = space.transactionManager();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void theFactoryGivesAServerTransactionOfTheSpacesManager() throws Exception
    {
        final Transaction.Created created = TransactionFactory.create(manager, MINUTE);

        assertThat(created.transaction).isInstanceOf(ServerTransaction.class);
        final ServerTransaction txn = (ServerTransaction)created.transaction;
        assertThat(txn.mgr).isSameAs(manager);
        assertThat(txn.getState()).isEqualTo(TransactionConstants.ACTIVE);
        assertThat(created.lease.getExpiration()).isGreaterThan(System.currentTimeMillis());
    }

    @Test
    void aWriteUnderATransactionIsInvisibleToOthersUntilCommit() throws Exception
    {
        final Transaction txn = TransactionFactory.create(manager, MINUTE).transaction;

        space.write(new Entries.Task(1L, "pending"), txn, Lease.FOREVER);

        assertThat(other.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();
        assertThat(space.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();
        assertThat(space.readIfExists(new Entries.Task(), txn, JavaSpace.NO_WAIT)).as("seen inside").isNotNull();

        txn.commit();

        assertThat(other.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT))
            .isEqualTo(new Entries.Task(1L, "pending"));
        assertThat(((ServerTransaction)txn).getState()).isEqualTo(TransactionConstants.COMMITTED);
    }

    @Test
    void aWriteUnderAnAbortedTransactionIsDiscarded() throws Exception
    {
        final Transaction txn = TransactionFactory.create(manager, MINUTE).transaction;
        space.write(new Entries.Task(1L, "discarded"), txn, Lease.FOREVER);

        txn.abort();

        assertThat(other.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();
    }

    @Test
    void aTakeUnderATransactionIsRestoredByAbortVisibleAtOnce() throws Exception
    {
        other.write(new Entries.Task(1L, "job"), null, Lease.FOREVER);
        final Transaction txn = TransactionFactory.create(manager, MINUTE).transaction;

        assertThat(space.take(new Entries.Task(), txn, JavaSpace.NO_WAIT)).isNotNull();
        assertThat(other.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();

        txn.abort();

        assertThat(other.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT))
            .as("a readIfExists right after abort sees the entry").isEqualTo(new Entries.Task(1L, "job"));
        assertThat(((ServerTransaction)txn).getState()).isEqualTo(TransactionConstants.ABORTED);
    }

    @Test
    void aBlockedTakeWakesWhenAnAbortRestoresTheEntry() throws Exception
    {
        other.write(new Entries.Task(1L, "job"), null, Lease.FOREVER);
        final Transaction txn = TransactionFactory.create(manager, MINUTE).transaction;
        space.take(new Entries.Task(), txn, JavaSpace.NO_WAIT);
        final CompletableFuture<Entry> taken = CompletableFuture.supplyAsync(() -> take(other));
        fixture.awaitWaitingRequests(1);

        txn.abort();

        assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo(new Entries.Task(1L, "job"));
    }

    @Test
    void ifExistsWaitsWhileTheOnlyMatchIsLockedByATransactionAndGetsItAtTheAbort() throws Exception
    {
        other.write(new Entries.Task(1L, "locked"), null, Lease.FOREVER);
        final Transaction txn = TransactionFactory.create(manager, MINUTE).transaction;
        space.take(new Entries.Task(), txn, JavaSpace.NO_WAIT);

        assertThat(other.takeIfExists(new Entries.Task(), null, 50)).as("waited out the timeout").isNull();
        assertThat(other.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();
        final CompletableFuture<Entry> taken = CompletableFuture.supplyAsync(() -> ifExists(other, true));
        fixture.awaitWaitingRequests(1);

        txn.abort();

        assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo(new Entries.Task(1L, "locked"));
    }

    @Test
    void ifExistsWaitingOnALockedMatchReturnsNullWhenTheTakeCommits() throws Exception
    {
        other.write(new Entries.Task(1L, "locked"), null, Lease.FOREVER);
        final Transaction txn = TransactionFactory.create(manager, MINUTE).transaction;
        space.take(new Entries.Task(), txn, JavaSpace.NO_WAIT);
        final CompletableFuture<Entry> read = CompletableFuture.supplyAsync(() -> ifExists(other, false));
        fixture.awaitWaitingRequests(1);

        txn.commit();

        // Its timeout is ten minutes: it returns because no match is left.
        assertThat(read.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aReadUnderATransactionKeepsOthersFromTakingTheEntry() throws Exception
    {
        other.write(new Entries.Task(1L, "read-locked"), null, Lease.FOREVER);
        final Transaction txn = TransactionFactory.create(manager, MINUTE).transaction;

        assertThat(space.read(new Entries.Task(), txn, JavaSpace.NO_WAIT)).isNotNull();

        assertThat(other.readIfExists(new Entries.Task(), null, TimeUnit.MINUTES.toMillis(10))).isNotNull();
        assertThat(other.takeIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();
        final CompletableFuture<Entry> taken = CompletableFuture.supplyAsync(() -> ifExists(other, true));
        fixture.awaitWaitingRequests(1);
        txn.commit();
        assertThat(taken.get(10, TimeUnit.SECONDS)).as("the read lock released").isNotNull();
    }

    @Test
    void aTransactionWhoseLeaseExpiresIsAborted() throws Exception
    {
        other.write(new Entries.Task(1L, "job"), null, Lease.FOREVER);
        final Transaction.Created created = TransactionFactory.create(manager, 200);
        assertThat(space.take(new Entries.Task(), created.transaction, JavaSpace.NO_WAIT)).isNotNull();

        ServerFixture.await(() -> null != readTask(other), "the transaction was never aborted");

        assertThat(((ServerTransaction)created.transaction).getState()).isEqualTo(TransactionConstants.ABORTED);
        assertThatThrownBy(created.transaction::commit).isInstanceOf(CannotCommitException.class);
        assertThatThrownBy(() -> space.take(new Entries.Task(), created.transaction, JavaSpace.NO_WAIT))
            .isInstanceOf(UnknownTransactionException.class);
    }

    @Test
    void usingATransactionTheServerHasAbortedIsAnUnknownTransaction() throws Exception
    {
        final Transaction txn = TransactionFactory.create(manager, 100).transaction;
        ServerFixture.await(() -> isAborted(txn), "the transaction lease never ran out");

        assertThatThrownBy(() -> space.write(new Entries.Task(1L, "late"), txn, Lease.FOREVER))
            .isInstanceOf(UnknownTransactionException.class);
        assertThat(other.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();
    }

    @Test
    void renewingTheTransactionLeaseKeepsItAlivePastItsFirstTermAndCancellingItAborts() throws Exception
    {
        other.write(new Entries.Task(1L, "job"), null, Lease.FOREVER);
        final long firstLease = 500;
        final Transaction.Created created = TransactionFactory.create(manager, firstLease);
        assertThat(space.take(new Entries.Task(), created.transaction, JavaSpace.NO_WAIT)).isNotNull();

        created.lease.renew(MINUTE);
        assertThat(created.lease.getExpiration()).isGreaterThan(System.currentTimeMillis() + MINUTE / 2);

        // Waits out the first lease on the server's clock, without sleeping: an abort meanwhile would answer it.
        assertThat(other.read(new Entries.Task(), null, firstLease + 100)).as("the take is still held").isNull();
        assertThat(other.takeIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();
        assertThat(manager.getState(((ServerTransaction)created.transaction).id))
            .isEqualTo(TransactionConstants.ACTIVE);

        created.lease.cancel();

        assertThat(readTask(other)).as("cancelling the lease aborted the take").isNotNull();
        assertThatThrownBy(created.lease::cancel).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void theManagerReportsEndedTransactionsAsJiniDoes() throws Exception
    {
        final Transaction committed = TransactionFactory.create(manager, MINUTE).transaction;
        final Transaction aborted = TransactionFactory.create(manager, MINUTE).transaction;
        committed.commit();
        aborted.abort();

        committed.commit();
        aborted.abort();
        assertThatThrownBy(committed::abort).isInstanceOf(CannotAbortException.class);
        assertThatThrownBy(aborted::commit).isInstanceOf(CannotCommitException.class);
        assertThatThrownBy(() -> manager.commit(-42)).isInstanceOf(UnknownTransactionException.class);
        assertThatThrownBy(() -> manager.getState(-42)).isInstanceOf(UnknownTransactionException.class);
        assertThatThrownBy(() -> space.write(new Entries.Task(), committed, Lease.FOREVER))
            .isInstanceOf(UnknownTransactionException.class);
        assertThatThrownBy(() -> manager.join(((ServerTransaction)committed).id, null, 0))
            .isInstanceOf(CannotJoinException.class);
    }

    @Test
    void aTransactionOfAnotherManagerIsRefused() throws Exception
    {
        final TransactionManager foreign = ((TupleSpaceJavaSpace)other).transactionManager();
        final Transaction txn = TransactionFactory.create(foreign, MINUTE).transaction;

        assertThatThrownBy(() -> space.write(new Entries.Task(), txn, Lease.FOREVER))
            .isInstanceOf(CannotJoinException.class);
        txn.abort();
    }

    private static Entry take(final JavaSpace space)
    {
        try
        {
            return space.take(new Entries.Task(), null, TimeUnit.SECONDS.toMillis(30));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static Entry readTask(final JavaSpace space)
    {
        try
        {
            return space.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private boolean isAborted(final Transaction txn)
    {
        try
        {
            return TransactionConstants.ABORTED == manager.getState(((ServerTransaction)txn).id);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static Entry ifExists(final JavaSpace space, final boolean isTake)
    {
        try
        {
            final long tenMinutes = TimeUnit.MINUTES.toMillis(10);
            return isTake ? space.takeIfExists(new Entries.Task(), null, tenMinutes) :
                space.readIfExists(new Entries.Task(), null, tenMinutes);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
