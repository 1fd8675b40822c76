package io.tuplespace.javaspaces;

import io.tuplespace.client.LimitExceededException;
import io.tuplespace.codecs.Limit;
import io.tuplespace.core.Limits;
import io.tuplespace.server.ServerContext;
import net.jini.core.lease.Lease;
import net.jini.core.transaction.TransactionFactory;
import net.jini.core.transaction.server.TransactionManager;
import net.jini.space.JavaSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.rmi.MarshalException;
import java.rmi.RemoteException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server's limits seen through the JavaSpaces API, which has no exception for them: a full space or too many
 * transactions is a {@link RemoteException}, an entry over the size or field limit a {@link MarshalException};
 * either carries the client's {@link LimitExceededException} as its cause.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaSpaceLimitsTest
{
    private ServerFixture fixture;

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void aWriteToAFullSpaceIsARemoteExceptionCausedByTheLimit() throws Exception
    {
        fixture = new ServerFixture(new ServerContext().limits(new Limits().maxStoredTuples(2)));
        final JavaSpace space = fixture.connect();
        space.write(new Entries.Task(1L, "a"), null, Lease.FOREVER);
        space.write(new Entries.Task(2L, "b"), null, Lease.FOREVER);

        assertThatThrownBy(() -> space.write(new Entries.Task(3L, "c"), null, Lease.FOREVER))
            .isExactlyInstanceOf(RemoteException.class)
            .hasMessageContaining("stored tuples limit of 2 reached")
            .cause()
            .isInstanceOfSatisfying(LimitExceededException.class,
                ex -> assertThat(ex.limit()).isEqualTo(Limit.STORED_TUPLES));

        assertThat(space.takeIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isEqualTo(new Entries.Task(1L, "a"));
        space.write(new Entries.Task(3L, "c"), null, Lease.FOREVER);
    }

    @Test
    void anEntryWithMoreFieldsThanTheLimitIsAMarshalException()
    {
        fixture = new ServerFixture(new ServerContext().limits(new Limits().maxTupleFields(2)));
        final JavaSpace space = fixture.connect();

        assertThatThrownBy(() -> space.write(new Entries.Task(1L, "a"), null, Lease.FOREVER))
            .isInstanceOf(MarshalException.class)
            .hasMessageContaining("tuple fields limit of 2 exceeded")
            .hasCauseInstanceOf(LimitExceededException.class);
    }

    @Test
    void creatingMoreTransactionsThanTheLimitIsARemoteException() throws Exception
    {
        fixture = new ServerFixture(new ServerContext().limits(new Limits().maxTransactionsPerClient(1)));
        final TransactionManager manager = fixture.connect().transactionManager();
        TransactionFactory.create(manager, 60_000);

        assertThatThrownBy(() -> TransactionFactory.create(manager, 60_000))
            .isExactlyInstanceOf(RemoteException.class)
            .hasMessageContaining("transactions per client limit of 1 reached")
            .hasCauseInstanceOf(LimitExceededException.class);
    }
}
