package io.caravan.egress.mtasts;

import io.caravan.routing.mx.MxHost;
import io.caravan.routing.mx.MxResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Fetches {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} as RFC 8461 §3.3 asks: HTTPS with a PKIX-valid
 * certificate for the policy host, no redirects, no HTTP cache, 200 with {@code text/plain} only, at most
 * {@link #MAX_BODY} bytes, within a time limit. The host is resolved through Caravan's DNS servers (the same as
 * for MX); each of its addresses is tried until one answers.
 */
public final class HttpsPolicyFetcher implements StsPolicies.Fetcher {

    /** RFC 8461 §3.3: a policy is small, and senders may refuse more than 64 KB. */
    static final int MAX_BODY = 64 * 1024;

    private static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

    static {
        // The HTTP client connects to an address, so the Host header must be set by hand for a policy host that
        // serves several names; the JDK lets it be set only with this property, read once when the client loads.
        if (System.getProperty(RESTRICTED_HEADERS) == null) {
            System.setProperty(RESTRICTED_HEADERS, "host");
        }
    }

    private final Function<String, MxResult> resolve;
    private final SSLContext trust;
    private final int port;
    private final Duration timeout;

    /**
     * @param resolve the addresses of a host name ({@code MxResolver::resolveHost})
     * @param trust   PKIX trust for the policy host's certificate
     * @param port    443 but for tests, where a loopback server listens elsewhere
     */
    public HttpsPolicyFetcher(Function<String, MxResult> resolve, SSLContext trust, int port, Duration timeout) {
        this.resolve = resolve;
        this.trust = trust;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public StsPolicy fetch(String domain) throws PolicyFetchException {
        String host = "mta-sts." + domain;
        MxResult resolved = resolve.apply(host);
        if (!(resolved instanceof MxResult.Resolved r)) {
            throw new PolicyFetchException("no address for " + host + ": " + (resolved instanceof
                    MxResult.TemporaryFailure t ? t.text() : ((MxResult.PermanentFailure) resolved).text()));
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (MxHost h : r.hosts()) {
            addresses.addAll(h.addresses());
        }
        PolicyFetchException last = new PolicyFetchException("no address for " + host);
        for (InetAddress address : addresses) {
            try {
                String body = get(host, address);
                try {
                    return StsPolicy.parse(body);
                } catch (IllegalArgumentException e) {
                    throw new PolicyFetchException("policy at " + host + " is invalid: " + e.getMessage());
                }
            } catch (Unreachable e) {
                last = new PolicyFetchException(host + "[" + address.getHostAddress() + "]: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    /** An address that gave no HTTP answer: the next one may. */
    private static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private String get(String host, InetAddress address) throws PolicyFetchException, Unreachable {
        SSLParameters sni = new SSLParameters();
        sni.setServerNames(List.of(new SNIHostName(host)));
        // one client per fetch: the pinned host name belongs to its SSL context, and fetches are rare
        HttpClient client = HttpClient.newBuilder().sslContext(new PinnedHostContext(trust, host)).sslParameters(sni)
                .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(new URI("https", null, address.getHostAddress(), port,
                    "/.well-known/mta-sts.txt", null, null)).timeout(timeout).GET();
        } catch (URISyntaxException e) {
            throw new PolicyFetchException("no URI for " + address, e);
        }
        try {
            request.header("Host", port == 443 ? host : host + ":" + port);
        } catch (IllegalArgumentException e) {
            // the JDK's client was loaded before the property was set: it sends the address as Host
        }
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request.build(),
                info -> new LimitedBody(MAX_BODY));
        HttpResponse<byte[]> response;
        try {
            response = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new Unreachable("no policy within " + timeout.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new PolicyFetchException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (cause instanceof IOException && why.startsWith("body longer")) {
                throw new PolicyFetchException("policy at " + host + ": " + why);
            }
            throw new Unreachable(why, cause);
        }
        if (response.statusCode() != 200) {
            throw new PolicyFetchException("policy at " + host + ": HTTP " + response.statusCode()
                    + (response.statusCode() / 100 == 3 ? " (redirects are not followed)" : ""));
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/plain")) {
            throw new PolicyFetchException("policy at " + host + " is " + (type.isEmpty() ? "untyped" : type)
                    + ", not text/plain");
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
