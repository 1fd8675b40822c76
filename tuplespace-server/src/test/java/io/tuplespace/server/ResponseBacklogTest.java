package io.tuplespace.server;

import io.tuplespace.client.Lease;
import io.tuplespace.client.Registration;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleEvent;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request whose processing sends its own client more than the client's response window holds (here a commit
 * whose writes each raise an event for the same client) keeps the session: what the window cannot take waits in
 * the session's backlog, the response included, and arrives in order. The server used to drop the session when the
 * response itself found the window full.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResponseBacklogTest
{
    private static final Template BLOB = Template.of("blob", Formal.LONG, Formal.BYTES);
    private static final int BLOB_BYTES = 1024;

    private final LinkedBlockingQueue<TupleEvent> received = new LinkedBlockingQueue<>();
    private ServerFixture fixture;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void aCommitWhoseEventsOverflowTheResponseWindowIsAnsweredAndKeepsTheSession() throws InterruptedException
    {
        final TupleSpace client = fixture.connect();
        final Registration registration = client.notify(BLOB, Lease.FOREVER, received::add);
        // Four times the window (half the fixture's term) in events alone.
        final int writes = 4 * (ServerFixture.TERM_LENGTH / 2) / BLOB_BYTES;

        final Transaction transaction = client.begin(Lease.FOREVER);
        for (long i = 0; i < writes; i++)
        {
            client.outAsync(Tuple.of("blob", i, new byte[BLOB_BYTES]), null, transaction);
        }
        transaction.commit();

        final List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < writes; i++)
        {
            final TupleEvent event = received.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("event %d of %d", i + 1, writes).isNotNull();
            assertThat(event.registrationId()).isEqualTo(registration.id());
            assertThat(event.tuple().getLong(1)).isEqualTo(i);
            sequences.add(event.sequenceNumber());
        }
        assertThat(sequences).first().isEqualTo(1L);
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        int taken = 0;
        for (List<Tuple> page; !(page = client.inAll(BLOB, writes, Duration.ZERO)).isEmpty(); )
        {
            taken += page.size();
        }
        assertThat(taken).isEqualTo(writes);
        client.out(Tuple.of("after", 1L));
        assertThat(client.rdp(Template.of("after", 1L))).isPresent();
    }
}
