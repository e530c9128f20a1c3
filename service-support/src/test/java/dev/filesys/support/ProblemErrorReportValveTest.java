package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ActionCode;
import org.junit.jupiter.api.Test;

/**
 * What the error report says of a request Tomcat refused itself, with Tomcat's request and response isolated: the race
 * this covers (a graceful shutdown pausing the connector between a request line and its headers) cannot be provoked
 * on purpose over a real connection.
 */
class ProblemErrorReportValveTest {

    private final StringWriter body = new StringWriter();

    @Test
    void aRequestCaughtByAGracefulShutdownGoesToAnotherInstance() throws Exception {
        Response response = refused(400);

        new ProblemErrorReportValve().report(request(true), response, null);

        verify(response).setStatus(503);
        assertThat(body.toString()).contains("\"code\":\"SERVER_DRAINING\"", "\"status\":503");
    }

    @Test
    void aBadRequestWhileTheServerRunsStaysABadRequest() throws Exception {
        Response response = refused(400);

        new ProblemErrorReportValve().report(request(false), response, null);

        verify(response, never()).setStatus(503);
        assertThat(body.toString()).contains("\"code\":\"BAD_REQUEST\"", "\"status\":400");
    }

    private static Request request(boolean paused) {
        AbstractProtocol<?> protocol = mock(AbstractProtocol.class);
        when(protocol.isPaused()).thenReturn(paused);
        Connector connector = mock(Connector.class);
        when(connector.getProtocolHandler()).thenReturn(protocol);
        Request request = mock(Request.class);
        when(request.getConnector()).thenReturn(connector);
        when(request.getMethod()).thenReturn("PATCH");
        when(request.getRequestURI()).thenReturn("/api/v1/uploads/1");
        return request;
    }

    private Response refused(int status) throws Exception {
        org.apache.coyote.Response coyote = mock(org.apache.coyote.Response.class);
        doAnswer(call -> {
                    ((AtomicBoolean) call.getArgument(1)).set(true);
                    return null;
                })
                .when(coyote)
                .action(eq(ActionCode.IS_IO_ALLOWED), any());
        Response response = mock(Response.class);
        when(response.getStatus()).thenReturn(status);
        when(response.setErrorReported()).thenReturn(true);
        when(response.getCoyoteResponse()).thenReturn(coyote);
        when(response.getReporter()).thenReturn(new PrintWriter(body, true));
        return response;
    }
}
