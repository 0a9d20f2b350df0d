package io.caravan.ingress.component;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A YAML route can write {@code smtp-server:submission}: the component resolves from its services file. */
class YamlRouteTest {

    @TempDir
    Path dir;

    @Test
    void yamlRouteStartsASubmissionListener() throws Exception {
        String yaml = """
                - route:
                    id: submission
                    from:
                      uri: smtp-server:submission
                      parameters:
                        host: 127.0.0.1
                        port: 0
                        hostname: sub.caravan.test
                        dataDir: %s
                        configDir: %s
                      steps:
                        - log: "${header.CaravanQueueId}"
                """.formatted(dir.resolve("data"), dir.resolve("config"));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("sub.camel.yaml", yaml));
            camel.start();
            SmtpServerConsumer consumer = (SmtpServerConsumer) camel.getRoute("submission").getConsumer();
            try (Socket s = new Socket("127.0.0.1", consumer.server().port())) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertTrue(in.readLine().startsWith("220 sub.caravan.test"));
                s.getOutputStream().write("HELO c.test\r\nMAIL FROM:<a@b.test>\r\n".getBytes(StandardCharsets.US_ASCII));
                in.readLine();
                String mail = in.readLine();
                assertTrue(mail.startsWith("530 5.7.0"), "submission wants AUTH first: " + mail);
            }
        }
    }
}
