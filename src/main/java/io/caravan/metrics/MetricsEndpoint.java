package io.caravan.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;

/** {@code /metrics}: the node's meters as Prometheus or OpenMetrics text. */
public final class MetricsEndpoint extends Handler.Abstract {

    private final Metrics metrics;

    private MetricsEndpoint(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The handler at {@code /metrics}. */
    public static ContextHandler context(Metrics metrics) {
        ContextHandler context = new ContextHandler(new MetricsEndpoint(metrics), "/metrics");
        context.setAllowNullPathInContext(true); // scrapers ask for /metrics, not /metrics/
        return context;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!HttpMethod.GET.is(request.getMethod()) || !(path.isEmpty() || "/".equals(path))) {
            return false;
        }
        Metrics.Scrape scrape = metrics.scrape(request.getHeaders().get(HttpHeader.ACCEPT));
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, scrape.contentType());
        response.write(true, ByteBuffer.wrap(scrape.text().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
