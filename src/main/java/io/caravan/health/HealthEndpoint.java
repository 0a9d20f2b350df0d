package io.caravan.health;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /health/live} and {@code /health/ready}: 200 and {@code UP}, or 503 and {@code DOWN} with one line
 * per failing check, in plain text, which a routing daemon's check script, a load balancer and a
 * Kubernetes probe all read (they go by the status; the lines are for the operator). After the failing
 * checks come the node's notes, which do not change the status: an edge's link to its core and the messages
 * waiting for it.
 */
public final class HealthEndpoint extends Handler.Abstract {

    private final NodeHealth health;

    private HealthEndpoint(NodeHealth health) {
        this.health = health;
    }

    /** The handler at {@code /health}. */
    public static ContextHandler context(NodeHealth health) {
        return new ContextHandler(new HealthEndpoint(health), "/health");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            return false;
        }
        NodeHealth.Answer answer = switch (Request.getPathInContext(request)) {
            case "/live" -> health.live();
            case "/ready" -> health.ready();
            default -> null;
        };
        if (answer == null) {
            return false;
        }
        StringBuilder text = new StringBuilder(answer.up() ? "UP\n" : "DOWN\n");
        answer.reasons().forEach(reason -> text.append(reason).append('\n'));
        answer.notes().forEach(note -> text.append(note).append('\n'));
        response.setStatus(answer.up() ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
