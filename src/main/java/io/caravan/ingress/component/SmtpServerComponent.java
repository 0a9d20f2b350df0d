package io.caravan.ingress.component;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * The {@code smtp-server} Camel component: {@code smtp-server:<name>?options}
 * runs an SMTP listener whose accepted messages become exchanges. The name
 * is the listener name; it also picks the role when it is {@code mx} or
 * {@code submission} and no {@code role} option is given.
 */
public class SmtpServerComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SmtpServerEndpoint endpoint = new SmtpServerEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
