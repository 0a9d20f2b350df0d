package io.caravan.egress.mtasts;

import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The client context for policy fetches when the operator names the CAs to trust. */
public final class MtaStsTrust {

    private MtaStsTrust() {
    }

    public static SSLContext context(TrustManagerFactory trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the MTA-STS TLS context: " + e.getMessage(), e);
        }
    }
}
