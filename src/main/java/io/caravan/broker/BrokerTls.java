package io.caravan.broker;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;

/**
 * TLS on the broker's TCP link between nodes: the embedded broker's acceptor presents a PEM certificate, and
 * the clients of a broker URL (an edge's bridge, an egress node) check the name in the certificate they get.
 * Artemis does the TLS; this only puts Caravan's settings into its transport parameters.
 *
 * @param certificate the PEM certificate chain the acceptor presents
 * @param key         its PEM PKCS#8 private key
 */
public record BrokerTls(Path certificate, Path key) {

    /** The protocols the acceptor speaks, as the SMTP listeners do. */
    static final String PROTOCOLS = "TLSv1.3,TLSv1.2";
    /** What the acceptor reads its key and certificate from: a list of the two PEM files, not copies of them. */
    static final String KEY_STORE_FILE = "listen-tls.pemcfg";

    /** The acceptor's TLS from the node's settings, or null when neither file is set; one alone stops the start. */
    static BrokerTls of(Settings settings) {
        String certificate = settings.text(Key.BROKER_LISTEN_TLS_CERTIFICATE);
        String key = settings.text(Key.BROKER_LISTEN_TLS_KEY);
        if (certificate.isEmpty() && key.isEmpty()) {
            return null;
        }
        if (certificate.isEmpty() || key.isEmpty()) {
            throw new ConfigException(Key.BROKER_LISTEN_TLS_CERTIFICATE.property() + " and "
                    + Key.BROKER_LISTEN_TLS_KEY.property() + " go together: set both or neither");
        }
        if (!Files.isReadable(Path.of(certificate)) || !Files.isReadable(Path.of(key))) {
            throw new ConfigException(Key.BROKER_LISTEN_TLS_CERTIFICATE.property() + "=" + certificate + ", "
                    + Key.BROKER_LISTEN_TLS_KEY.property() + "=" + key + ": cannot read both files");
        }
        return new BrokerTls(Path.of(certificate).toAbsolutePath(), Path.of(key).toAbsolutePath());
    }

    /** Turns the acceptor's parameters into a TLS-only acceptor; the key store list is written under {@code dir}. */
    void serve(Map<String, Object> acceptor, Path dir) throws IOException {
        Path store = dir.resolve(KEY_STORE_FILE);
        // the pem-keystore provider Artemis carries reads a list of files by the type PEMCFG
        Files.writeString(store, "alias=caravan\nsource.key=" + key + "\nsource.cert=" + certificate + "\n");
        acceptor.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
        acceptor.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PEMCFG");
        acceptor.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, store.toString());
        acceptor.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, PROTOCOLS);
    }

    /**
     * A client that speaks TLS checks that the certificate names the host it asked for, unless its URL says
     * otherwise ({@code verifyHost=false}); Artemis' own default is not to.
     */
    static void verifyHostByDefault(TransportConfiguration connector) {
        Map<String, Object> params = connector.getParams();
        if (Boolean.parseBoolean(String.valueOf(params.get(TransportConstants.SSL_ENABLED_PROP_NAME)))) {
            params.putIfAbsent(TransportConstants.VERIFY_HOST_PROP_NAME, true);
        }
    }
}
