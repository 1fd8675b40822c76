package io.tuplespace.server;

import io.aeron.CommonContext;
import io.tuplespace.codecs.ConnectResponseDecoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.ErrorResponseDecoder;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MatchRequest's ifExists flag, checked by the server: a value other than 0 or 1, and a bulk IfExists take,
 * are refused with a reason.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IfExistsProtocolTest
{
    private static final Template TASK = Template.of("task", Formal.LONG);

    private final String dir = CommonContext.generateRandomDirName();
    private TupleSpaceServer server;
    private RawClient raw;

    @BeforeEach
    void start()
    {
        server = TupleSpaceServer.launch(new ServerContext().dir(dir).deleteDirOnStart(true).termLength(64 * 1024));
        raw = new RawClient(dir);
        raw.sendConnect(1, MessageHeaderDecoder.SCHEMA_VERSION);
        assertThat(raw.awaitResponse()).isEqualTo(ConnectResponseDecoder.TEMPLATE_ID);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(raw, server);
        IoUtil.delete(new File(dir), true);
    }

    @Test
    void anIfExistsFlagOtherThanZeroOrOneIsRefused()
    {
        raw.sendTake(2, TASK, 1, 2);

        assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
        final ErrorResponseDecoder error = raw.lastError();
        assertThat(error.correlationId()).isEqualTo(2);
        assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);
        assertThat(error.message()).contains("ifExists must be 0 or 1, got 2");
    }

    @Test
    void aBulkIfExistsTakeIsRefused()
    {
        raw.sendTake(3, TASK, 5, 1);

        assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
        final ErrorResponseDecoder error = raw.lastError();
        assertThat(error.correlationId()).isEqualTo(3);
        assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);
        assertThat(error.message()).contains("maxTuples").contains("IfExists");
    }
}
